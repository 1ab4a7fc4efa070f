#!/usr/bin/env bash
# The Debian package test (issue 11). After `mvn package` has built packaging/target/*.deb:
#   sudo packaging/src/test/debian/run-package-test.sh [DEB_DIR]
# On the host: lintian (no errors), objdump -T over the bundled runtimes (no GLIBC symbol version
# above 2.24, Debian 9), the units use no option newer than systemd 232. Then a fresh Debian 11
# root made by debootstrap (cached as a tarball, so warm runs skip it) is booted with
# systemd-nspawn on a private network; container-checks.sh runs inside as a oneshot unit: dpkg -i
# with no Java installed, an unconfigured start, three servers and the proxy on 127.0.0.1, an
# upgrade, a purge. One line per check, a summary, exit status 1 on any failure.
#
# Needs root, debootstrap, systemd-nspawn (systemd-container), lintian, objdump (binutils), and a
# JDK's javac (to compile the small Bolt client). Without them it fails, unless
# MEMGRAPH_PACKAGE_TEST_ALLOW_SKIP=1, when it says loudly that it skipped and exits 0.
# Environment: DEBIAN_MIRROR (default http://deb.debian.org/debian), MEMGRAPH_PACKAGE_TEST_CACHE
# (default /var/cache/memgraph-ha-package-test), JAVA_HOME or TEMURIN_JDK for javac.
set -uo pipefail

here=$(cd "$(dirname "$0")" && pwd)
repo=$(cd "$here/../../../.." && pwd)
debdir=${1:-$repo/packaging/target}
mirror=${DEBIAN_MIRROR:-http://deb.debian.org/debian}
cache=${MEMGRAPH_PACKAGE_TEST_CACHE:-/var/cache/memgraph-ha-package-test}
suite=bullseye
# minbase plus what the issue names (systemd, systemd-sysv, dbus) and the packages' Depends and
# Recommends; there is no network inside the container, so dpkg -i must find them installed.
include=systemd,systemd-sysv,dbus,openssl,adduser,init-system-helpers,logrotate
max_glibc=2.24
started=$SECONDS

pass=0
failed=0
failures=()
say() { echo "package-test: $*"; }
record() { # record PASS|FAIL NAME [WHY]
    if [ "$1" = PASS ]; then
        pass=$((pass + 1)); echo "PASS $2"
    else
        failed=$((failed + 1)); failures+=("$2"); echo "FAIL $2${3:+: $3}"
    fi
}
finish() {
    for f in "${failures[@]}"; do echo "package-test: failed: $f"; done
    echo "package-test: took $((SECONDS - started)) s"
    echo "package-test: $pass passed, $failed failed"
    [ "$failed" -eq 0 ]
    exit $?
}
skip_or_fail() {
    echo "package-test: *** CANNOT RUN: $* ***"
    if [ "${MEMGRAPH_PACKAGE_TEST_ALLOW_SKIP:-}" = 1 ]; then
        echo "package-test: *** SKIPPED (MEMGRAPH_PACKAGE_TEST_ALLOW_SKIP=1): the Debian packages were NOT tested ***"
        exit 0
    fi
    echo "package-test: set MEMGRAPH_PACKAGE_TEST_ALLOW_SKIP=1 to skip on purpose"
    exit 1
}

# --- preconditions --------------------------------------------------------------------------
[ "$(id -u)" -eq 0 ] || skip_or_fail "not root (debootstrap and systemd-nspawn need root)"
for tool in debootstrap systemd-nspawn lintian objdump dpkg-deb timeout; do
    command -v "$tool" >/dev/null 2>&1 || skip_or_fail "$tool is missing (apt-get install debootstrap systemd-container lintian binutils)"
done
javac=""
for jdk in "${JAVA_HOME:-}" "${TEMURIN_JDK:-/usr/lib/jvm/temurin-25-jdk-amd64}"; do
    [ -n "$jdk" ] && [ -x "$jdk/bin/javac" ] && { javac=$jdk/bin/javac; break; }
done
[ -n "$javac" ] || javac=$(command -v javac || true)
[ -n "$javac" ] || skip_or_fail "no javac (set JAVA_HOME)"

shopt -s nullglob
server_debs=("$debdir"/memgraph_ha_[0-9]*_amd64.deb)
proxy_debs=("$debdir"/memgraph_ha_proxy_[0-9]*_amd64.deb)
shopt -u nullglob
if [ ${#server_debs[@]} -ne 1 ] || [ ${#proxy_debs[@]} -ne 1 ]; then
    echo "package-test: expected one memgraph_ha_<version>_amd64.deb and one memgraph_ha_proxy_<version>_amd64.deb in $debdir (run mvn package first)"
    exit 1
fi
server_deb=${server_debs[0]} proxy_deb=${proxy_debs[0]}
say "testing $(basename "$server_deb") and $(basename "$proxy_deb")"

work=$(mktemp -d /var/tmp/memgraph-package-test.XXXXXX)
trap 'rm -rf "$work"' EXIT
say "work directory $work (removed at the end); logs are printed on failure"

# --- host checks ----------------------------------------------------------------------------
lintian_check() { # lintian_check DEB
    local out
    out=$(timeout 600 lintian --tag-display-limit 0 "$1" 2>&1)
    local rc=$?
    local errors warnings
    errors=$(grep -c '^E: ' <<< "$out")
    warnings=$(grep '^W: ' <<< "$out" | sed 's/^W: [^:]*: //' | sort | uniq -c | awk '{$1=$1; print}' | paste -sd ';' -)
    if [ "$rc" -le 1 ] && [ "$errors" -eq 0 ] && ! grep -q '^E: ' <<< "$out"; then
        record PASS "lintian $(basename "$1"): no errors (warnings: ${warnings:-none})"
    else
        record FAIL "lintian $(basename "$1")" "$(grep -E '^(E|internal)' <<< "$out" | head -5 | tr '\n' ' ')"
    fi
}
lintian_check "$server_deb"
lintian_check "$proxy_deb"

for deb in "$server_deb" "$proxy_deb"; do
    name=$(basename "$deb")
    x=$work/extract-${name%%_[0-9]*}
    mkdir -p "$x" && dpkg-deb -x "$deb" "$x"
    highest=$(find "$x/usr/lib" -type f \( -name '*.so' -o -perm -0100 \) -print0 \
        | xargs -0 objdump -T 2>/dev/null | grep -o 'GLIBC_[0-9][0-9.]*' | sed 's/GLIBC_//' | sort -uV | tail -1)
    if [ -n "$highest" ] && [ "$(printf '%s\n%s\n' "$highest" "$max_glibc" | sort -V | tail -1)" = "$max_glibc" ]; then
        record PASS "objdump -T $name runtime: highest GLIBC symbol version $highest <= $max_glibc"
    else
        record FAIL "objdump -T $name runtime" "highest GLIBC symbol version '${highest:-none found}' (limit $max_glibc)"
    fi
    # The file name, the control file and changelog.Debian.gz must agree on the version.
    version=$(dpkg-deb -f "$deb" Version) package=$(dpkg-deb -f "$deb" Package)
    changelog_version=$(zcat "$x/usr/share/doc/$package/changelog.Debian.gz" | sed -n '1s/^[^ ]* (\([^)]*\)).*/\1/p')
    if [[ $name == *"_${version}_amd64.deb" ]] && [ "$changelog_version" = "$version" ] \
        && [ -s "$x/usr/share/doc/$package/copyright" ]; then
        record PASS "$name: package $package $version, changelog.Debian.gz and copyright agree"
    else
        record FAIL "$name version" "control $version, changelog ${changelog_version:-missing}"
    fi
    # Every option the unit uses must be known to systemd 232 (Debian 9).
    for unit in "$x"/lib/systemd/system/*.service; do
        known=" Description Documentation After Wants Requires Before Type User Group EnvironmentFile Environment ExecStart ExecStop Restart RestartSec RestartPreventExitStatus SuccessExitStatus TimeoutStopSec TimeoutStartSec LimitNOFILE NoNewPrivileges PrivateTmp PrivateDevices ProtectSystem ProtectHome ProtectKernelTunables ProtectKernelModules ProtectControlGroups RestrictRealtime RestrictAddressFamilies SystemCallArchitectures WantedBy "
        unknown=""
        for key in $(grep -E '^[A-Za-z]+=' "$unit" | cut -d= -f1); do
            [[ $known == *" $key "* ]] || unknown="$unknown $key"
        done
        if [ -z "$unknown" ]; then
            record PASS "$(basename "$unit"): every option is known to systemd 232"
        else
            record FAIL "$(basename "$unit"): options newer than systemd 232 or unchecked:$unknown"
        fi
    done
done

# --- the upgrade packages: the same files, a higher version -----------------------------------
mkdir -p "$work/upgrade"
for deb in "$server_deb" "$proxy_deb"; do
    r=$work/repack
    rm -rf "$r" && dpkg-deb -R "$deb" "$r"
    old=$(sed -n 's/^Version: //p' "$r/DEBIAN/control")
    sed -i "s/^Version: .*/Version: ${old}+upgradetest1/" "$r/DEBIAN/control"
    base=$(basename "$deb")
    dpkg-deb --root-owner-group -Zgzip -b "$r" "$work/upgrade/${base/_amd64.deb/+upgradetest1_amd64.deb}" >/dev/null \
        || { record FAIL "build the upgrade package of $base"; finish; }
done

# --- the container ----------------------------------------------------------------------------
key=$(printf '%s %s minbase %s' "$suite" "$mirror" "$include" | md5sum | cut -c1-8)
rootfs_tar=$cache/$suite-$key.tar.gz
if [ ! -s "$rootfs_tar" ]; then
    say "no cached $suite root ($rootfs_tar): debootstrap from $mirror (a few minutes, once)"
    mkdir -p "$cache"
    b=$work/debootstrap
    if ! timeout 900 debootstrap --variant=minbase --include="$include" "$suite" "$b" "$mirror" > "$work/debootstrap.log" 2>&1; then
        tail -20 "$work/debootstrap.log"
        record FAIL "debootstrap $suite from $mirror" "see the lines above"
        finish
    fi
    rm -rf "$b"/var/cache/apt/archives/*.deb "$b"/var/lib/apt/lists/*
    tar -C "$b" -czf "$rootfs_tar.tmp" . && mv "$rootfs_tar.tmp" "$rootfs_tar"
    rm -rf "$b"
    say "cached the $suite root as $rootfs_tar ($((SECONDS - started)) s so far)"
fi
root=$work/root
mkdir -p "$root" && tar -C "$root" -xzf "$rootfs_tar" || { record FAIL "unpack $rootfs_tar"; finish; }

t=$root/root/pkgtest
mkdir -p "$t/upgrade"
cp "$server_deb" "$proxy_deb" "$t/" && cp "$work"/upgrade/*.deb "$t/upgrade/"
cp "$here/container-checks.sh" "$t/"
if ! "$javac" --release 17 -d "$t" -cp "$work/extract-memgraph_ha_proxy/usr/lib/memgraph_ha_proxy/memgraph-ha-proxy.jar" \
    "$here/BoltCheck.java" > "$work/javac.log" 2>&1; then
    cat "$work/javac.log"; record FAIL "compile BoltCheck.java"; finish
fi
cat > "$root/etc/systemd/system/memgraph-package-test.service" <<'UNIT'
[Unit]
Description=memgraph_ha package checks
After=basic.target systemd-journald.service dbus.service

[Service]
Type=oneshot
ExecStart=/root/pkgtest/container-checks.sh
TimeoutStartSec=540
StandardOutput=journal+console

[Install]
WantedBy=multi-user.target
UNIT
ln -s /etc/systemd/system/memgraph-package-test.service "$root/etc/systemd/system/multi-user.target.wants/memgraph-package-test.service"
echo memgraph-package-test > "$root/etc/hostname"

say "booting the $suite container (systemd-nspawn, private network)"
boot_started=$SECONDS
timeout --kill-after=15 600 systemd-nspawn --register=no --keep-unit --private-network -q -b -D "$root" \
    < /dev/null > "$work/nspawn.log" 2>&1
nspawn_rc=$?
say "container ran $((SECONDS - boot_started)) s (systemd-nspawn exit status $nspawn_rc)"

if [ ! -f "$t/results" ]; then
    tail -40 "$work/nspawn.log"
    record FAIL "container checks" "no results file: the container did not run them (see the lines above)"
    finish
fi
while IFS= read -r line; do
    case "$line" in
        PASS\ *) record PASS "${line#PASS }" ;;
        FAIL\ *) rest=${line#FAIL }; record FAIL "${rest%%: *}" "${rest#*: }" ;;
    esac
done < "$t/results"
if ! grep -qx END "$t/results"; then
    record FAIL "container checks finished" "the checks stopped before the end (timeout?)"
fi
logs=$debdir/package-test-logs
mkdir -p "$logs" && cp "$t/checks.log" "$work/nspawn.log" "$logs/" 2>/dev/null
say "container logs kept in $logs"
if [ "$failed" -gt 0 ]; then
    echo "--- the container's checks.log up to the journal (full: $logs/checks.log) ---"
    sed '/^--- journal of the units ---$/q' "$t/checks.log" | tail -60
fi
finish
