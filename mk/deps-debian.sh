#!/bin/sh
# Installs the Debian packages the project builds and tests with.
# A quick no-op when everything is present: no apt-get update unless something is missing.
# Postfix is preseeded to "No configuration" so installing it never starts a daemon
# nor writes /etc/postfix/main.cf.
set -eu

build_packages="g++ lld make libssl-dev tao-pegtl-dev libcdb-dev libdb-dev liblmdb-dev catch2 libexpected-dev
libpcre2-dev libicu-dev openssl"
test_packages="postfix postfix-cdb postfix-lmdb postfix-pcre postfix-mysql postfix-pgsql postfix-ldap postfix-sqlite db-util db5.3-util tinycdb swaks mandoc
clang libclang-rt-14-dev python3 python3-jsonschema dnsmasq-base mount strace"

missing=""
for package in $build_packages $test_packages; do
    status=$(dpkg-query -W -f='${Status}' "$package" 2>/dev/null || true)
    case "$status" in
        *"install ok installed"*) ;;
        *) missing="$missing $package" ;;
    esac
done
[ -z "$missing" ] && exit 0

if [ "$(id -u)" -ne 0 ]; then
    echo "make deps: missing packages:$missing" >&2
    echo "make deps: run as root (or install them) to continue" >&2
    exit 1
fi

echo "make deps: installing$missing"
echo "postfix postfix/main_mailer_type select No configuration" | debconf-set-selections
export DEBIAN_FRONTEND=noninteractive
apt-get update -qq > /dev/null
# policy-rc.d keeps any package from starting a service during installation.
policy=/usr/sbin/policy-rc.d
created_policy=no
if [ ! -e "$policy" ]; then
    printf '#!/bin/sh\nexit 101\n' > "$policy"
    chmod 755 "$policy"
    created_policy=yes
fi
status=0
log=$(mktemp)
apt-get install -y -qq --no-install-recommends $missing > "$log" 2>&1 || status=$?
[ "$created_policy" = yes ] && rm -f "$policy"
if [ "$status" -ne 0 ]; then
    tail -n 30 "$log" >&2
    echo "make deps: apt-get install failed (status $status)" >&2
else
    echo "make deps: installed"
fi
rm -f "$log"
exit $status
