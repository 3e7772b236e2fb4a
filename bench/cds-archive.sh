# Sourced by the bench scripts that run the agent as the image does (docker/vaultlet with VAULTLET_HOME=target):
# makes target/vaultlet.jsa with docker/cds-archive.sh when it is missing, older than $JAR, or made by another java
# (JAVA as for docker/vaultlet). An archive fits one java and one jar. Nothing to do when VAULTLET_JAVA_OPTS replaces
# the launcher's flags (and with them the archive).
JAVA_CMD=$(command -v "${JAVA:-java}")
if [ -z "${VAULTLET_JAVA_OPTS:-}" ] && { [ ! target/vaultlet.jsa -nt "$JAR" ] \
    || [ "$(cat target/vaultlet.jsa.java 2>/dev/null)" != "$JAVA_CMD" ]; }; then
  VAULTLET_HOME=target docker/cds-archive.sh
  echo "$JAVA_CMD" >target/vaultlet.jsa.java
fi
