package io.memgraph.ha.query.value;

import io.memgraph.ha.query.error.CypherErrorKind;
import io.memgraph.ha.query.error.CypherException;
import io.memgraph.ha.storage.PointValue;

import java.util.Locale;
import java.util.Map;

/**
 * Spatial points as Neo4j 5 defines them: the four coordinate reference systems, building a point
 * from a map ({@code point()}) or from a client's SRID and coordinates, reading its components,
 * its text, and the distance and bounding-box tests. A point value is a storage
 * {@link PointValue}; every point made here is valid (finite coordinates, a latitude within
 * [-90, 90], a longitude wrapped into [-180, 180]). Bad input is an ArgumentError with Neo4j's
 * wording.
 */
public final class Points {
    private Points() {
    }

    /** Mean earth radius Neo4j uses for geographic distances, in metres. */
    private static final double EARTH_RADIUS = 6_378_140.0;

    /** The coordinate reference systems; the name is Neo4j's, e.g. {@code wgs-84-3d}. */
    public enum Crs {
        WGS_84(4326, true),
        WGS_84_3D(4979, true),
        CARTESIAN(7203, false),
        CARTESIAN_3D(9157, false);

        final int srid;
        final boolean geographic;

        Crs(int srid, boolean geographic) {
            this.srid = srid;
            this.geographic = geographic;
        }

        /** Neo4j's name, e.g. {@code cartesian-3d}. */
        public String crsName() {
            return name().toLowerCase(Locale.ROOT).replace('_', '-');
        }

        /** The system with this SRID, or null. */
        public static Crs bySrid(long srid) {
            for (Crs c : values()) {
                if (c.srid == srid) {
                    return c;
                }
            }
            return null;
        }

        static Crs byName(String name) {
            for (Crs c : values()) {
                if (c.crsName().equals(name.toLowerCase(Locale.ROOT))) {
                    return c;
                }
            }
            throw argument("Unknown coordinate reference system: " + name);
        }

        /** The SRID, e.g. 7203. */
        public int srid() {
            return srid;
        }

        /** Whether points in it have three coordinates. */
        public boolean is3d() {
            return name().endsWith("_3D");
        }

        int dimensions() {
            return is3d() ? 3 : 2;
        }
    }

    private static CypherException argument(String message) {
        return new CypherException(CypherErrorKind.INVALID_ARGUMENT_VALUE, message);
    }

    /** The system of a point (every point value has one of the four SRIDs). */
    public static Crs crs(PointValue p) {
        return Crs.bySrid(p.srid());
    }

    /**
     * A point in {@code crs}: checks the coordinates and wraps a geographic longitude.
     *
     * @param z the third coordinate, ignored for a 2D system
     */
    public static PointValue create(Crs crs, double x, double y, double z) {
        boolean finite = Double.isFinite(x) && Double.isFinite(y) && (!crs.is3d() || Double.isFinite(z));
        if (!finite) {
            throw argument("Cannot create a point with non-finite coordinate values: " + coordinates(crs, x, y, z));
        }
        if (crs.geographic) {
            if (y > 90 || y < -90) {
                throw argument("Cannot create WGS84 point with invalid coordinate: " + coordinates(crs, x, y, z)
                        + ". Valid range for Y coordinate is [-90, 90].");
            }
            x = wrapLongitude(x);
        }
        return crs.is3d() ? new PointValue(crs.srid, x, y, z) : PointValue.of(crs.srid, x, y);
    }

    /**
     * Into [-180, 180] by whole turns, as Neo4j does (one turn at a time, so 540 is 180 and -540 is
     * -180); one more than eight turns out is reduced in one exact step, so this never loops long.
     */
    private static double wrapLongitude(double x) {
        if (Math.abs(x) > 180 + 360 * 8) {
            return Math.IEEEremainder(x, 360); // exact, within [-180, 180]
        }
        while (x > 180) {
            x -= 360;
        }
        while (x < -180) {
            x += 360;
        }
        return x;
    }

    private static String coordinates(Crs crs, double x, double y, double z) {
        return crs.is3d() ? "[" + x + ", " + y + ", " + z + "]" : "[" + x + ", " + y + "]";
    }

    /**
     * {@code point(map)}: {@code x}/{@code y}[/{@code z}] (cartesian unless {@code crs} or
     * {@code srid} says otherwise) or {@code longitude}/{@code latitude}[/{@code height}] (WGS-84);
     * keys in any case, others ignored; null when any value is null.
     */
    public static PointValue fromMap(Map<?, ?> map) {
        Double x = null;
        Double y = null;
        Double z = null;
        Double longitude = null;
        Double latitude = null;
        Double height = null;
        String crsName = null;
        Long srid = null;
        for (Map.Entry<?, ?> e : map.entrySet()) {
            Object v = e.getValue();
            if (v == null) {
                return null;
            }
            String key = String.valueOf(e.getKey());
            switch (key.toLowerCase(Locale.ROOT)) {
                case "x" -> x = coordinate(key, v);
                case "y" -> y = coordinate(key, v);
                case "z" -> z = coordinate(key, v);
                case "longitude" -> longitude = coordinate(key, v);
                case "latitude" -> latitude = coordinate(key, v);
                case "height" -> height = coordinate(key, v);
                case "crs" -> {
                    if (!(v instanceof String s)) {
                        throw cannotAssign(key, v);
                    }
                    crsName = s;
                }
                case "srid" -> {
                    if (!(v instanceof Long l)) {
                        throw cannotAssign(key, v);
                    }
                    srid = l;
                }
                default -> {
                    // Neo4j ignores other keys, so a node's or map's extra entries do no harm
                }
            }
        }
        Crs crs = null;
        if (crsName != null && srid != null) {
            throw argument("Cannot specify both CRS and SRID");
        } else if (crsName != null) {
            crs = Crs.byName(crsName);
        } else if (srid != null) {
            crs = Crs.bySrid(srid);
            if (crs == null) {
                throw argument("Unknown coordinate reference system code: " + srid);
            }
        }
        double[] c;
        if (x != null && y != null) {
            c = z != null ? new double[] {x, y, z} : new double[] {x, y};
            if (crs == null) {
                crs = z != null ? Crs.CARTESIAN_3D : Crs.CARTESIAN;
            }
        } else if (longitude != null && latitude != null) {
            Double third = z != null ? z : height;
            c = third != null ? new double[] {longitude, latitude, third} : new double[] {longitude, latitude};
            if (crs == null) {
                crs = third != null ? Crs.WGS_84_3D : Crs.WGS_84;
            }
            if (!crs.geographic) {
                throw argument("Geographic points does not support coordinate reference system: " + crs.crsName());
            }
        } else if (crs == null) {
            throw argument("A point must contain either 'x' and 'y' or 'latitude' and 'longitude'");
        } else {
            String needed = switch (crs) {
                case CARTESIAN -> "'x' and 'y'";
                case CARTESIAN_3D -> "'x', 'y' and 'z'";
                case WGS_84 -> "'latitude' and 'longitude'";
                case WGS_84_3D -> "'latitude', 'longitude' and 'height'";
            };
            throw argument("A " + crs.crsName() + " point must contain " + needed);
        }
        if (c.length != crs.dimensions()) {
            throw argument("Cannot create point with " + crs.dimensions() + "D coordinate reference system and "
                    + c.length + " coordinates. Please consider using equivalent " + c.length
                    + "D coordinate reference system");
        }
        return create(crs, c[0], c[1], c.length == 3 ? c[2] : Double.NaN);
    }

    private static Double coordinate(String key, Object v) {
        if (v instanceof Number n) {
            return n.doubleValue();
        }
        if (v instanceof String s) {
            try {
                return Double.parseDouble(s);
            } catch (NumberFormatException e) {
                throw argument("Cannot assign '" + s + "' to field " + key + ": not a number");
            }
        }
        throw cannotAssign(key, v);
    }

    private static CypherException cannotAssign(String key, Object v) {
        return argument("Cannot assign " + CypherValues.typeName(v) + " to field " + key);
    }

    /** {@code p.x}, {@code p.latitude}, {@code p.crs}, ...: a component, or an error naming the point. */
    public static Object component(PointValue p, String key) {
        Crs crs = crs(p);
        switch (key.toLowerCase(Locale.ROOT)) {
            case "x":
                return p.x();
            case "y":
                return p.y();
            case "z":
                return third(p, key, false);
            case "longitude":
                return geographic(p, key, p.x());
            case "latitude":
                return geographic(p, key, p.y());
            case "height":
                return third(p, key, true);
            case "crs":
                return crs.crsName();
            case "srid":
                return (long) crs.srid;
            default:
                throw argument("No such field: " + key);
        }
    }

    private static Object geographic(PointValue p, String key, double value) {
        if (!crs(p).geographic) {
            throw argument("Field: " + key + " is not available on cartesian point: " + show(p));
        }
        return value;
    }

    private static Object third(PointValue p, String key, boolean onlyGeographic) {
        if (onlyGeographic) {
            geographic(p, key, 0);
        }
        if (!p.is3d()) {
            throw argument("Field: " + key + " is not available on point: " + show(p));
        }
        return p.z();
    }

    /** The text Neo4j prints for a point, e.g. {@code point({x: 2.3, y: 4.5, crs: 'cartesian'})}. */
    public static String show(PointValue p) {
        String coordinates = p.is3d() ? "x: " + p.x() + ", y: " + p.y() + ", z: " + p.z()
                : "x: " + p.x() + ", y: " + p.y();
        return "point({" + coordinates + ", crs: '" + crs(p).crsName() + "'})";
    }

    /**
     * {@code point.distance}: Pythagoras for cartesian points; for geographic ones the haversine
     * great-circle distance on a sphere (at the points' average height in 3D, combined with the
     * height difference by Pythagoras). Null for points of different systems.
     */
    public static Double distance(PointValue a, PointValue b) {
        if (a.srid() != b.srid()) {
            return null;
        }
        Crs crs = crs(a);
        if (!crs.geographic) {
            double dx = a.x() - b.x();
            double dy = a.y() - b.y();
            double dz = crs.is3d() ? a.z() - b.z() : 0;
            return Math.sqrt(dx * dx + dy * dy + dz * dz);
        }
        double lat1 = Math.toRadians(a.y());
        double lat2 = Math.toRadians(b.y());
        double sinLat = Math.sin((lat2 - lat1) / 2);
        double sinLon = Math.sin((Math.toRadians(b.x()) - Math.toRadians(a.x())) / 2);
        double h = sinLat * sinLat + Math.cos(lat1) * Math.cos(lat2) * sinLon * sinLon;
        double angle = 2 * Math.atan2(Math.sqrt(h), Math.sqrt(1 - h));
        if (!crs.is3d()) {
            return EARTH_RADIUS * angle;
        }
        double surface = (EARTH_RADIUS + (a.z() + b.z()) / 2) * angle;
        double dh = a.z() - b.z();
        return Math.sqrt(surface * surface + dh * dh);
    }

    /**
     * {@code point.withinBBox}: whether {@code p} lies in the box from {@code lowerLeft} to
     * {@code upperRight}, bounds included. A geographic box whose lower-left longitude is east of
     * the upper-right one crosses the 180th meridian; a lower-left north of the upper-right is
     * empty. Null when the three are not of one system.
     */
    public static Boolean withinBBox(PointValue p, PointValue lowerLeft, PointValue upperRight) {
        if (p.srid() != lowerLeft.srid() || p.srid() != upperRight.srid()) {
            return null;
        }
        Crs crs = crs(p);
        boolean x;
        if (crs.geographic && lowerLeft.x() > upperRight.x()) {
            x = p.x() >= lowerLeft.x() || p.x() <= upperRight.x();
        } else {
            x = p.x() >= lowerLeft.x() && p.x() <= upperRight.x();
        }
        boolean y = p.y() >= lowerLeft.y() && p.y() <= upperRight.y();
        boolean z = !crs.is3d() || (p.z() >= lowerLeft.z() && p.z() <= upperRight.z());
        return x && y && z;
    }
}
