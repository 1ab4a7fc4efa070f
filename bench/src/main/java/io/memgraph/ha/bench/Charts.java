package io.memgraph.ha.bench;

import java.awt.Color;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;
import org.jfree.chart.ChartFactory;
import org.jfree.chart.ChartUtils;
import org.jfree.chart.JFreeChart;
import org.jfree.chart.plot.PlotOrientation;
import org.jfree.data.category.DefaultCategoryDataset;

/** One PNG per workload: throughput by client count, one bar per system. */
public final class Charts {
    private static final int WIDTH = 800;
    private static final int HEIGHT = 420;

    private Charts() {
    }

    /** The file name of {@code workload}'s chart. */
    public static String fileName(String workload) {
        return "bench-" + workload + ".png";
    }

    /** The chart data of {@code workload}: throughput by system (rows) and client count (columns). */
    static DefaultCategoryDataset dataset(Results r, String workload) {
        DefaultCategoryDataset data = new DefaultCategoryDataset();
        for (String system : r.systems(workload)) {
            for (int c : r.clientCounts(workload)) {
                r.sample(workload, c, system).ifPresent(s -> data.addValue(s.throughput(), system, Integer.valueOf(c)));
            }
        }
        return data;
    }

    /**
     * Writes a chart per workload into {@code dir}.
     *
     * @return the files written, by workload
     */
    public static Map<String, Path> write(Results r, Path dir) throws IOException {
        System.setProperty("java.awt.headless", "true");
        Files.createDirectories(dir);
        Map<String, Path> out = new LinkedHashMap<>();
        for (String w : r.workloads()) {
            JFreeChart chart = ChartFactory.createBarChart(Workloads.title(w), "clients", "operations per second",
                    dataset(r, w), PlotOrientation.VERTICAL, true, false, false);
            chart.getCategoryPlot().setBackgroundPaint(Color.WHITE);
            chart.getCategoryPlot().setRangeGridlinePaint(Color.GRAY);
            Path file = dir.resolve(fileName(w));
            ChartUtils.saveChartAsPNG(file.toFile(), chart, WIDTH, HEIGHT);
            out.put(w, file);
        }
        return out;
    }
}
