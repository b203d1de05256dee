# Shared set-up for the project's scripts: picks the JDK and installs the Debian packages the tests use.
# Sourced, not run.

# The build and the tests run on Temurin JDK 25 (language level 21). Prefer it; accept any JDK >= 21.
select_jdk() {
  local candidate
  for candidate in "${JAVA_HOME:-}" /usr/lib/jvm/temurin-25-jdk-amd64 /usr/lib/jvm/temurin-25-jdk-arm64 /usr/lib/jvm/temurin-25* /usr/lib/jvm/*25* /usr/lib/jvm/*21*; do
    [ -n "$candidate" ] && [ -x "$candidate/bin/javac" ] || continue
    local major
    major=$("$candidate/bin/java" -XshowSettings:properties -version 2>&1 | sed -n 's/ *java.specification.version = //p')
    if [ "${major:-0}" -ge 21 ] 2>/dev/null; then
      export JAVA_HOME="$candidate"
      export PATH="$JAVA_HOME/bin:$PATH"
      # Maven 3.8's bundled Guava warns about sun.misc.Unsafe on JDK 24+; that is Maven's, not ours
      if [ "$major" -ge 24 ]; then
        export MAVEN_OPTS="${MAVEN_OPTS:-} --sun-misc-unsafe-memory-access=allow"
      fi
      return 0
    fi
  done
  echo "error: no JDK 21 or newer found (looked at \$JAVA_HOME and /usr/lib/jvm); install Temurin 25 or set JAVA_HOME" >&2
  return 1
}

# Debian packages the end-to-end tests start for real: squid (HTTP proxy), stunnel (TLS proxy with client
# certificates), dante-server (SOCKS5 proxy), openssl (key material in every form), podman and friends (below). Installed when missing and we are root.
ensure_test_packages() {
  local missing=()
  command -v squid >/dev/null 2>&1 || [ -x /usr/sbin/squid ] || missing+=(squid)
  command -v stunnel4 >/dev/null 2>&1 || command -v stunnel >/dev/null 2>&1 || missing+=(stunnel4)
  command -v openssl >/dev/null 2>&1 || missing+=(openssl)
  [ -x /usr/sbin/danted ] || missing+=(dante-server)
  command -v systemd-analyze >/dev/null 2>&1 || missing+=(systemd)
  command -v ansible-playbook >/dev/null 2>&1 || missing+=(ansible)
  command -v setpriv >/dev/null 2>&1 || missing+=(util-linux)
  command -v useradd >/dev/null 2>&1 || missing+=(passwd)
  # the systemd and package tests: podman with runc (crun refuses these machines' hybrid cgroups), base images made
  # with mmdebstrap (scripts/lib/base-image.sh), the .deb built with dpkg-deb and checked with lintian
  command -v podman >/dev/null 2>&1 || missing+=(podman)
  command -v runc >/dev/null 2>&1 || missing+=(runc)
  command -v mmdebstrap >/dev/null 2>&1 || missing+=(mmdebstrap)
  command -v lintian >/dev/null 2>&1 || missing+=(lintian)
  command -v dpkg-deb >/dev/null 2>&1 || missing+=(dpkg)
  command -v rpmbuild >/dev/null 2>&1 || missing+=(rpm) # the .rpm, built and queried with Debian's rpm tools
  command -v strip >/dev/null 2>&1 || missing+=(binutils) # the .deb's runtime is stripped as Debian strips its JDK
  [ ${#missing[@]} -eq 0 ] && return 0
  if [ "$(id -u)" -ne 0 ]; then
    echo "error: the tests need these Debian packages: ${missing[*]}; install them (apt-get install ${missing[*]}) or run as root" >&2
    return 1
  fi
  echo "Installing Debian packages for the tests: ${missing[*]}"
  apt-get update -qq >/dev/null
  DEBIAN_FRONTEND=noninteractive apt-get install -y -qq "${missing[@]}" >/dev/null
}

# The unpacked distribution the build leaves.
dist_dir() {
  local d
  d=$(ls -d "$ROOT"/packaging/target/elastic-agent-*-linux-* 2>/dev/null | grep -v '\.tar\.gz$' | head -n 1)
  [ -n "$d" ] || { echo "error: no distribution under packaging/target; build first" >&2; return 1; }
  echo "$d"
}

# Maven flags every script passes: the source commit that `elastic-agent version` reports.
maven_flags() {
  local commit
  commit=$(git -C "$ROOT" rev-parse --short=12 HEAD 2>/dev/null || echo unknown)
  echo "-B -ntp -Dagent.commit=$commit"
}
