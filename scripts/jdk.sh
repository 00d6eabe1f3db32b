# Sourced by the launcher and the scripts: picks a JDK >= 21 into JAVA_HOME, installing one with
# apt where the distribution has it, or says exactly what is missing.

vs_java_major() { # the major version of java binary $1
  "$1" -version 2>&1 | awk -F'"' '/version/ { split($2, v, "."); print (v[1] == "1" ? v[2] : v[1]); exit }'
}

vs_read_release_major() { # sets vs_major to the major version of the JDK at $1, from its release
  # file: no JVM started, no process forked
  local line v
  vs_major=
  [ -r "$1/release" ] || return 1
  while IFS= read -r line; do
    case $line in
      JAVA_VERSION=*)
        v=${line#JAVA_VERSION=}; v=${v//\"/}
        [ "${v%%.*}" = 1 ] && v=${v#1.}
        v=${v%%[.+_-]*}
        [ -n "$v" ] && [ "$v" -eq "$v" ] 2>/dev/null && { vs_major=$v; return 0; }
        return 1 ;;
    esac
  done < "$1/release"
  return 1
}

vs_release_major() { # prints what vs_read_release_major finds
  vs_read_release_major "$1" && echo "$vs_major"
}

vs_jdk_major() { # the major version of the JDK at $1: its release file, else asking its java
  vs_release_major "$1" || vs_java_major "$1/bin/java"
}

vs_find_jdk() {
  local home major
  for home in "${JAVA_HOME:-}" /usr/lib/jvm/*; do
    [ -n "$home" ] && [ -x "$home/bin/javac" ] || continue
    major=$(vs_jdk_major "$home")
    if [ -n "$major" ] && [ "$major" -ge 21 ]; then echo "$home"; return 0; fi
  done
  return 1
}

vs_install_jdk() {
  if ! command -v apt-get >/dev/null 2>&1; then
    echo "virtseed: needs a JDK 21 or newer; none in JAVA_HOME or /usr/lib/jvm, and there is no apt-get here." >&2
    echo "virtseed: install a JDK >= 21 and set JAVA_HOME to it." >&2
    return 1
  fi
  local pkg
  for pkg in openjdk-25-jdk-headless openjdk-21-jdk-headless; do
    if apt-cache show "$pkg" >/dev/null 2>&1 \
        || { [ "$(id -u)" -eq 0 ] && apt-get update -qq >/dev/null 2>&1 && apt-cache show "$pkg" >/dev/null 2>&1; }; then
      if [ "$(id -u)" -ne 0 ]; then
        echo "virtseed: needs a JDK >= 21: run as root, or: apt-get install $pkg" >&2
        return 1
      fi
      echo "virtseed: installing $pkg (no JDK >= 21 found)" >&2
      DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends "$pkg" >&2
      return 0
    fi
  done
  echo "virtseed: needs a JDK 21 or newer, and this distribution's packages have none" >&2
  echo "virtseed: (looked for openjdk-25-jdk-headless and openjdk-21-jdk-headless; Debian 12 has only 17)." >&2
  echo "virtseed: install a JDK >= 21 (for example Eclipse Temurin 21 or 25) under /usr/lib/jvm or set JAVA_HOME," >&2
  echo "virtseed: then run this again; Debian 13 and Ubuntu 24.04 get one from apt by themselves." >&2
  return 1
}

vs_use_jdk() {
  local jdk
  jdk=$(vs_find_jdk) || { vs_install_jdk && jdk=$(vs_find_jdk); } || return 1
  export JAVA_HOME="$jdk"
}
