#!/bin/sh
# Stages what the two Debian packages install, for jdeb (Maven runs this in phase prepare-package):
# per package, a tree OUT/<pkg>/root with the Java runtime made by jlink, the program's jar, the
# launcher in /usr/bin, the man page and /usr/share/doc (with the Grafana dashboard and alerting rules), packed as OUT/<pkg>.tar.gz (a tarball
# keeps the runtime's file modes, which jdeb's directory source would not). The configuration
# files, unit and maintainer scripts are taken by jdeb from etc/ and src/deb/ directly.
#
# Usage: stage.sh JDK OUT MAVEN_VERSION DEB_REVISION SERVER_JAR SERVER_MODULES PROXY_JAR PROXY_MODULES
set -eu

jdk=$1 out=$2
# The Debian version jdeb writes into the control file: 0.1.0-SNAPSHOT becomes 0.1.0~SNAPSHOT-1
# ('~' sorts before the release, 0.1.0-1).
deb_version=$(printf '%s' "$3" | sed 's/-SNAPSHOT$/~SNAPSHOT/')-$4
here=$(cd "$(dirname "$0")/../../deb" && pwd)
etc=$(cd "$(dirname "$0")/../../../../etc" && pwd)

if [ ! -x "$jdk/bin/jlink" ]; then
    echo "packaging: no JDK with jlink at $jdk: install Temurin's JDK there, or build with -Dtemurin.jdk=/path/to/jdk (the packages' Java runtime is made from it)" >&2
    exit 1
fi
if ! command -v strip >/dev/null 2>&1; then
    echo "packaging: strip is missing: install binutils (the runtime's native files are stripped)" >&2
    exit 1
fi
# File times in the packages: SOURCE_DATE_EPOCH for reproducible builds, otherwise now.
mtime=${SOURCE_DATE_EPOCH:-$(date +%s)}

# stage PACKAGE_DIR DEBIAN_NAME JAR JAR_NAME MODULES DEFAULT_GC HUGE_PAGES
# DEFAULT_GC: the collector option the launcher adds unless JAVA_OPTS names a collector (empty: the JVM's choice)
# HUGE_PAGES: yes to back the heap with transparent huge pages where the kernel gives them on request
stage() {
    pkg=$1 debname=$2 jar=$3 jarname=$4 modules=$5 default_gc=$6 huge_pages=$7
    root=$out/$pkg/root
    rm -rf "$out/$pkg" "$out/$pkg.tar.gz"
    mkdir -p "$root/usr/lib/$pkg" "$root/usr/bin" "$root/usr/share/man/man1" "$root/usr/share/doc/$debname"
    if [ ! -f "$jar" ]; then
        echo "packaging: $jar is missing (build the module first: mvn -B package -pl packaging -am)" >&2
        exit 1
    fi

    "$jdk/bin/jlink" --add-modules "$modules" --strip-debug --no-header-files --no-man-pages \
        --compress=zip-6 --output "$root/usr/lib/$pkg/runtime"
    cp "$jar" "$root/usr/lib/$pkg/$jarname"
    chmod 0644 "$root/usr/lib/$pkg/$jarname"

    if [ "$huge_pages" = yes ]; then
        pages='$pages '
        pages_case=$(cat <<'PAGES'
# The heap on transparent huge pages where the kernel gives them on request (THP "madvise"): a
# killed server's memory is freed several times faster, so its sockets close sooner and failover
# starts sooner. With "always" every heap has them anyway; with "never" the JVM would warn at each
# start. JAVA_OPTS=-XX:-UseTransparentHugePages turns it off.
case "$(cat /sys/kernel/mm/transparent_hugepage/enabled 2>/dev/null)" in
    *"[madvise]"*) pages=-XX:+UseTransparentHugePages ;;
    *) pages= ;;
esac
PAGES
)
    else
        pages='' pages_case=''
    fi
    cat > "$root/usr/bin/$pkg" <<LAUNCHER
#!/bin/sh
# Runs $pkg on the Java runtime this package carries. Flags: $pkg --help (man $pkg).
# JAVA_OPTS passes JVM options; the service reads it from /etc/default/$pkg.
case " \${JAVA_OPTS:-} " in
    *" -XX:+Use"*"GC "*) gc= ;; # JAVA_OPTS names a collector
    *) gc=$default_gc ;;
esac
$pages_case
# shellcheck disable=SC2086 # JAVA_OPTS is a list of words on purpose
exec /usr/lib/$pkg/runtime/bin/java \$gc $pages\${JAVA_OPTS:-} -jar /usr/lib/$pkg/$jarname "\$@"
LAUNCHER
    chmod 0755 "$root/usr/bin/$pkg"

    gzip -9n -c "$here/$pkg/$pkg.1" > "$root/usr/share/man/man1/$pkg.1.gz"
    cp "$here/common/copyright" "$root/usr/share/doc/$debname/copyright"
    # the Grafana dashboard and Prometheus alerting rules of the servers' and proxies' metrics
    # endpoints (README, Monitoring)
    mkdir -p "$root/usr/share/doc/$debname/examples"
    cp "$etc/grafana/memgraph_ha_dashboard.json" "$root/usr/share/doc/$debname/examples/grafana-dashboard.json"
    cp "$etc/prometheus/memgraph_ha_alerts.yml" "$root/usr/share/doc/$debname/examples/prometheus-alerts.yml"
    mkdir -p "$root/usr/share/lintian/overrides"
    cp "$here/$pkg/lintian-overrides" "$root/usr/share/lintian/overrides/$debname"
    sed "s/@DEB_VERSION@/$deb_version/" "$here/common/changelog" | gzip -9n > "$root/usr/share/doc/$debname/changelog.Debian.gz"

    # Debian wants stripped native code (jlink's --strip-debug only strips Java class files) and
    # 0644/0755 modes (the JDK ships its legal notices read-only).
    find "$root/usr/lib/$pkg/runtime" -type f \( -name '*.so' -o -perm -0100 \) -exec strip --strip-unneeded {} +
    find "$root" -type d -exec chmod 0755 {} +
    find "$root" -type f -perm -0400 ! -perm -0200 -exec chmod u+w {} +
    tar --create --gzip --file "$out/$pkg.tar.gz" --directory "$root" --sort=name \
        --owner=root --group=root --numeric-owner --mtime="@$mtime" usr
}

mkdir -p "$out"
# The server keeps G1, the JVM's default, with objects promoted at their first survival: its new
# objects are mostly graph records that live as long as the graph, which G1 otherwise copies
# between survivor spaces up to 15 times; with a large graph that made its young pauses about
# 100 ms (docs/benchmarks.md, "snapshots written beside the applies").
stage memgraph_ha memgraph-ha "$5" memgraph-ha.jar "$6" -XX:MaxTenuringThreshold=1 yes
# The proxy keeps little on its heap; with the serial collector it spends less CPU per request
# than with G1 (docs/benchmarks.md).
stage memgraph_ha_proxy memgraph-ha-proxy "$7" memgraph-ha-proxy.jar "$8" -XX:+UseSerialGC no
echo "packaging: staged memgraph_ha and memgraph_ha_proxy $deb_version in $out"
