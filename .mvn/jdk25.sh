# Sourced by ./mvnw25 and ./mmwal: finds a JDK 25 or newer.
# pick_jdk prints JAVA_HOME when it is >= 25, else the newest JDK >= 25 under /usr/lib/jvm,
# ~/.sdkman, ~/.jdks or /opt; it returns 1 when there is none.

java_major() {
  "$1/bin/java" -XshowSettings:properties -version 2>&1 |
    sed -n 's/^ *java\.specification\.version = \([0-9]*\).*/\1/p' | head -n 1
}

is_jdk25() {
  [ -x "$1/bin/java" ] && [ -x "$1/bin/javac" ] || return 1
  major=$(java_major "$1")
  [ -n "$major" ] && [ "$major" -ge 25 ]
}

pick_jdk() {
  if [ -n "${JAVA_HOME:-}" ] && is_jdk25 "$JAVA_HOME"; then
    printf '%s\n' "$JAVA_HOME"
    return 0
  fi
  home=${HOME:-/root}
  best=""
  best_major=0
  for dir in /usr/lib/jvm/* "$home"/.sdkman/candidates/java/* "$home"/.jdks/* /opt/java/* /opt/jdk*; do
    [ -d "$dir" ] || continue
    is_jdk25 "$dir" || continue
    major=$(java_major "$dir")
    if [ "$major" -gt "$best_major" ]; then
      best=$dir
      best_major=$major
    fi
  done
  [ -n "$best" ] || return 1
  printf '%s\n' "$best"
}
