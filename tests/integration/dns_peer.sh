#!/bin/sh
# The DNS server of an instance oracle (test 93): inside the oracle's private mount and network
# namespaces it points /etc/resolv.conf at 127.0.0.1 (a bind mount that ends with the
# namespace) and becomes dnsmasq on port 53 there, answering only the records given as dnsmasq
# options (--host-record=NAME,ADDRESS ...) and refusing everything else. dnsmasq's first log
# line, written once it listens, tells the oracle it is ready.
# Usage: dns_peer.sh WORK_DIR DNSMASQ_OPTIONS...
set -eu
work=$1
shift
printf 'nameserver 127.0.0.1\n' > "$work/resolv.conf"
mount --bind "$work/resolv.conf" /etc/resolv.conf
exec dnsmasq --keep-in-foreground --conf-file=/dev/null --port=53 --listen-address=127.0.0.1 \
    --bind-interfaces --no-resolv --no-hosts --user=root --pid-file="$work/dnsmasq.pid" \
    --log-facility=- --local=/test/ "$@" 2>&1
