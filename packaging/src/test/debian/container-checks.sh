#!/bin/bash
# Runs inside the Debian 11 test container, booted with systemd by run-package-test.sh, as the
# oneshot unit memgraph-package-test.service. Installs the packages from /root/pkgtest and does
# what a user following the install guide does on one box (three servers on 127.0.0.1, the proxy
# in front of them), then upgrades and purges. Writes one "PASS name" or "FAIL name: why" line
# per check to /root/pkgtest/results, "END" last, then powers the container off.
set -u
t=/root/pkgtest
results=$t/results
: > "$results"
exec > "$t/checks.log" 2>&1

pass() { echo "PASS $1" >> "$results"; echo "PASS $1"; }
fail() { echo "FAIL $1: $2" >> "$results"; echo "FAIL $1: $2"; }
# check NAME COMMAND...: PASS when the command succeeds.
check() {
    local name=$1; shift
    local out
    if out=$("$@" 2>&1); then pass "$name"; else fail "$name" "$(printf '%s' "$out" | tail -3 | tr '\n' ' ')"; fi
}
# wait_for SECONDS COMMAND...: retries the command once a second until it succeeds.
wait_for() {
    local deadline=$((SECONDS + $1)); shift
    until "$@" >/dev/null 2>&1; do
        [ $SECONDS -ge $deadline ] && return 1
        sleep 1
    done
}
bolt() { # bolt PORT QUERY...: through the Bolt client on the proxy package's runtime and jar
    local port=$1; shift
    timeout 60 /usr/lib/memgraph_ha_proxy/runtime/bin/java -cp "/usr/lib/memgraph_ha_proxy/memgraph-ha-proxy.jar:$t" \
        BoltCheck 127.0.0.1 "$port" "$@"
}
prop() { systemctl show -p "$2" "$1" | cut -d= -f2-; }
runs_as_memgraph() { # the unit's main process runs as the memgraph user
    local pid; pid=$(prop "$1" MainPID)
    [ "$pid" -gt 0 ] && [ "$(awk '/^Uid:/{print $2}' "/proc/$pid/status")" = "$(id -u memgraph)" ]
}
no_java_installed() { ! command -v java && [ ! -e /usr/lib/jvm ]; }
help_works() { timeout 30 "$1" --help | grep -q "usage: *$1"; }
owned_0750() { [ "$(stat -c '%U:%G %a' "$1")" = "memgraph:memgraph 750" ]; }
certificate_made() {
    [ -s /etc/memgraph/ssl/cert.pem ] && [ "$(stat -c '%U:%G %a' /etc/memgraph/ssl/key.pem)" = "root:memgraph 640" ]
}
conffiles_declared() {
    local c; c=$(dpkg-query -W -f='${Conffiles}\n' memgraph-ha memgraph-ha-proxy)
    for f in /etc/memgraph/memgraph_ha.conf /etc/memgraph/raft.json /etc/memgraph/coordination.json.example \
        /etc/memgraph/memgraph_ha_proxy.conf /etc/logrotate.d/memgraph_ha /etc/logrotate.d/memgraph_ha_proxy; do
        grep -q " $f " <<< "$c " || { echo "not a conffile: $f"; return 1; }
    done
}
enabled_not_started() {
    [ "$(systemctl is-enabled "$1")" = enabled ] && [ "$(systemctl is-active "$1")" = inactive ]
}
unconfigured_start_fails_once() {
    timeout 30 systemctl start memgraph_ha
    wait_for 30 sh -c '[ "$(systemctl is-active memgraph_ha)" = failed ]' || { echo "not failed"; return 1; }
    sleep 8 # longer than RestartSec: a restart would show in NRestarts
    local status restarts lines
    status=$(prop memgraph_ha ExecMainStatus) restarts=$(prop memgraph_ha NRestarts)
    lines=$(journalctl -u memgraph_ha -o cat --no-pager | grep '^memgraph_ha: ')
    echo "status=$status restarts=$restarts journal: $lines"
    [ "$status" = 1 ] && [ "$restarts" = 0 ] && [ "$(printf '%s\n' "$lines" | wc -l)" = 1 ] \
        && grep -q 'coordination.json does not exist: this server is not configured yet. Copy /etc/memgraph/coordination.json.example to /etc/memgraph/coordination.json .*set --server-id=<this server.s id> in /etc/memgraph/memgraph_ha.conf' <<< "$lines"
}
configure_three_servers() {
    # Server 1 is the packaged unit, configured as the guide says; servers 2 and 3 share this box,
    # so each gets a copy of the unit whose drop-in points MEMGRAPH_CONFIG at its own flags
    # (id, ports, data, log), read after memgraph_ha.conf.
    # (a value may be followed by a '# comment', as the shipped file's --bolt-port line is)
    sed -i 's/^# --server-id=0$/--server-id=1/; s/^--bolt-port=7687\([[:space:]].*\)\?$/--bolt-port=7688/' /etc/memgraph/memgraph_ha.conf
    grep -q '^--server-id=1$' /etc/memgraph/memgraph_ha.conf || return 1
    grep -q '^--bolt-port=7688$' /etc/memgraph/memgraph_ha.conf || return 1
    cp /etc/memgraph/coordination.json.example /etc/memgraph/coordination.json
    sed -i 's/"192.168.0.[123]"/"127.0.0.1"/; s/\[2, \(.*\), 10000\]/[2, \1, 10001]/; s/\[3, \(.*\), 10000\]/[3, \1, 10002]/' \
        /etc/memgraph/coordination.json
    cat /etc/memgraph/coordination.json
    for n in 2 3; do
        printf -- '--server-id=%s\n--bolt-port=%s\n--durability-directory=/var/lib/memgraph/durability_%s\n--log-file=/var/log/memgraph/memgraph_ha_%s.log\n' \
            "$n" $((7687 + n)) "$n" "$n" > "/etc/memgraph/memgraph_ha_$n.conf"
        cp /lib/systemd/system/memgraph_ha.service "/etc/systemd/system/memgraph_ha_$n.service"
        mkdir -p "/etc/systemd/system/memgraph_ha_$n.service.d"
        printf '[Service]\nEnvironment=MEMGRAPH_CONFIG=/etc/memgraph/memgraph_ha_%s.conf\n' "$n" \
            > "/etc/systemd/system/memgraph_ha_$n.service.d/server.conf"
    done
    systemctl daemon-reload
    systemctl reset-failed memgraph_ha
}
each() { local f=$1 u; shift; for u in "$@"; do "$f" "$u" || { echo "$f $u failed"; return 1; }; done; }
is_active() { [ "$(systemctl is-active "$1")" = active ]; }
start_three() {
    timeout 60 systemctl start memgraph_ha memgraph_ha_2 memgraph_ha_3 && sleep 3 \
        && each is_active memgraph_ha memgraph_ha_2 memgraph_ha_3
}
start_proxy() {
    sed -i 's/^# --endpoints=.*/--endpoints=127.0.0.1:7688,127.0.0.1:7689,127.0.0.1:7690/' /etc/memgraph/memgraph_ha_proxy.conf
    timeout 60 systemctl start memgraph_ha_proxy
}
leader_elected() { journalctl -u memgraph_ha -u memgraph_ha_2 -u memgraph_ha_3 -o cat --no-pager | grep -q -i ': leader in term'; }
proxy_answers() { bolt 7687 'RETURN 1' | grep -qx 1; }
raft_info_via_proxy() {
    local info; info=$(bolt 7687 'SHOW RAFT INFO') || return 1
    echo "$info"
    grep -qx $'is_leader\ttrue' <<< "$info" && grep -qx $'cluster_size\t3' <<< "$info"
}
write_and_read_via_proxy() {
    bolt 7687 "CREATE (:PackageTest {v: 42})" && [ "$(bolt 7687 'MATCH (n:PackageTest) RETURN n.v')" = 42 ]
}
load_csv_via_proxy() {
    # As README's "Loading a CSV file": root puts the file in the shipped --load-csv-directory,
    # and the leader (every server on this box shares the directory) reads it.
    printf 'id,name\n1,Ada\n2,Grace\n' > /var/lib/memgraph/import/package-test.csv
    bolt 7687 "LOAD CSV WITH HEADERS FROM 'file:///package-test.csv' AS row CREATE (:PackageCsv {id: toInteger(row.id), name: row.name})" \
        && [ "$(bolt 7687 'MATCH (n:PackageCsv) RETURN n.name ORDER BY n.id')" = $'Ada\nGrace' ]
}
upgrade_keeps_conffile() {
    local before; before=$(dpkg-query -W -f='${Version}' memgraph-ha)
    DEBIAN_FRONTEND=noninteractive timeout 180 dpkg -i "$t"/upgrade/*.deb </dev/null || return 1
    local after; after=$(dpkg-query -W -f='${Version}' memgraph-ha)
    echo "version $before -> $after"
    [ "$after" != "$before" ] && dpkg --compare-versions "$after" gt "$before" \
        && grep -qx -- '--server-id=1' /etc/memgraph/memgraph_ha.conf \
        && grep -q '^--endpoints=127.0.0.1:7688' /etc/memgraph/memgraph_ha_proxy.conf \
        && ! ls /etc/memgraph/*.dpkg-* 2>/dev/null
}
warmed_up() {
    local f
    for f in /var/log/memgraph/memgraph_ha.log /var/log/memgraph/memgraph_ha_2.log /var/log/memgraph/memgraph_ha_3.log; do
        grep -q 'Query warm-up: [0-9]* statements on a scratch graph' "$f" || { echo "no warm-up line in $f"; return 1; }
    done
}
one_test_node() { [ "$(bolt 7687 'MATCH (n:PackageTest) RETURN count(n)')" = 1 ]; }
after_upgrade() {
    # postinst restarted server 1 and the proxy (try-restart); the data is on disk
    wait_for 60 one_test_node && each is_active memgraph_ha memgraph_ha_2 memgraph_ha_3 memgraph_ha_proxy
}
clean_stop() {
    timeout 120 systemctl stop memgraph_ha_3
    [ "$(prop memgraph_ha_3 Result)" = success ] && [ "$(systemctl is-active memgraph_ha_3)" = inactive ]
}
purge_removes() {
    timeout 120 systemctl stop memgraph_ha_2
    DEBIAN_FRONTEND=noninteractive timeout 180 dpkg --purge memgraph-ha-proxy memgraph-ha </dev/null || return 1
    local left=""
    for f in /var/lib/memgraph /var/log/memgraph /etc/memgraph/ssl/cert.pem /etc/memgraph/ssl/key.pem \
        /etc/memgraph/memgraph_ha.conf /usr/lib/memgraph_ha /lib/systemd/system/memgraph_ha.service \
        /etc/systemd/system/multi-user.target.wants/memgraph_ha.service; do
        [ -e "$f" ] && left="$left $f"
    done
    if [ -n "$left" ]; then echo "left behind:$left"; return 1; fi
    # prerm stopped the running server 1 and the proxy: no process of the memgraph user is left
    local uid s; uid=$(id -u memgraph)
    for s in /proc/[0-9]*/status; do
        if awk -v u="$uid" '/^Uid:/ { exit ($2 == u) ? 0 : 1 }' "$s" 2>/dev/null; then
            echo "still running as memgraph: $s"; return 1
        fi
    done
}

check "no Java installed in the container" no_java_installed
check "dpkg -i memgraph_ha and memgraph_ha_proxy" env DEBIAN_FRONTEND=noninteractive timeout 180 dpkg -i "$t"/memgraph_ha_*.deb "$t"/memgraph_ha_proxy_*.deb
check "memgraph_ha --help on the bundled runtime" help_works memgraph_ha
check "memgraph_ha_proxy --help on the bundled runtime" help_works memgraph_ha_proxy
check "memgraph system user" sh -c 'getent passwd memgraph | grep -q ":/var/lib/memgraph:" && [ "$(id -u memgraph)" -lt 1000 ]'
check "/var/lib/memgraph memgraph-owned 0750" owned_0750 /var/lib/memgraph
check "/var/lib/memgraph/import memgraph-owned 0750" owned_0750 /var/lib/memgraph/import
check "/var/log/memgraph memgraph-owned 0750" owned_0750 /var/log/memgraph
check "self-signed certificate in /etc/memgraph/ssl" certificate_made
check "configuration files are conffiles" conffiles_declared
check "the Grafana dashboard and alerting rules in both packages' examples" sh -c 'for p in memgraph-ha memgraph-ha-proxy; do
    grep -q "\"uid\": \"memgraph-ha-cluster\"" /usr/share/doc/$p/examples/grafana-dashboard.json || exit 1
    grep -q "alert: MemgraphHaNoLeader" /usr/share/doc/$p/examples/prometheus-alerts.yml || exit 1; done'
check "memgraph_ha enabled, not started" enabled_not_started memgraph_ha
check "memgraph_ha_proxy enabled, not started" enabled_not_started memgraph_ha_proxy
check "systemd-analyze verify memgraph_ha.service" systemd-analyze verify --man=no /lib/systemd/system/memgraph_ha.service
check "systemd-analyze verify memgraph_ha_proxy.service" systemd-analyze verify --man=no /lib/systemd/system/memgraph_ha_proxy.service
check "logrotate accepts both files" logrotate -d /etc/logrotate.d/memgraph_ha /etc/logrotate.d/memgraph_ha_proxy
check "unconfigured start fails with exit 1, one journal line saying what to edit, no restart" unconfigured_start_fails_once
check "configure three servers from the shipped files" configure_three_servers
check "three servers start" start_three
check "servers run as the memgraph user" each runs_as_memgraph memgraph_ha memgraph_ha_2 memgraph_ha_3
check "a leader is elected" wait_for 60 leader_elected
check "proxy started from the shipped conf with --endpoints set" start_proxy
check "proxy serves a query (over TLS to the servers)" wait_for 60 proxy_answers
check "proxy runs as the memgraph user" runs_as_memgraph memgraph_ha_proxy
check "SHOW RAFT INFO via the proxy answers is_leader true, cluster_size 3" raft_info_via_proxy
check "a write and a read via the proxy" write_and_read_via_proxy
check "LOAD CSV of a file in /var/lib/memgraph/import via the proxy" load_csv_via_proxy
check "each server warmed its query engine up on a scratch graph" wait_for 60 warmed_up
check "upgrade to a newer version keeps the edited conffiles" upgrade_keeps_conffile
check "after the upgrade the servers and proxy are active and the data is there" after_upgrade
check "systemctl stop is a clean stop (SuccessExitStatus)" clean_stop
check "purge removes data, logs, generated certificate, conffiles; prerm stopped the services" purge_removes

{
    echo "--- journal of the units ---"
    journalctl -u memgraph_ha -u memgraph_ha_2 -u memgraph_ha_3 -u memgraph_ha_proxy -o short-monotonic --no-pager | tail -150
} >> "$t/checks.log" 2>&1
echo END >> "$results"
systemctl --no-block poweroff
