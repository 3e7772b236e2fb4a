# syntax=docker/dockerfile:1
# vaultlet sidecar image: Maven build, then a jlink'ed JRE on a small base, non-root, read-only-root-fs friendly.

FROM maven:3.9-eclipse-temurin-17 AS build
WORKDIR /src
COPY pom.xml ./
RUN mvn -B -q dependency:go-offline
COPY src ./src
RUN mvn -B -q -DskipTests -Pimage package

FROM eclipse-temurin:17-jdk AS runtime
# The modules vaultlet needs (jdeps on target/vaultlet.jar; see docs/performance.md).
RUN jlink --add-modules java.base,java.net.http,java.naming,java.sql,java.xml,java.logging,java.management,jdk.unsupported,jdk.crypto.ec,jdk.httpserver,jdk.zipfs \
      --strip-debug --no-man-pages --no-header-files --compress=2 --output /opt/jre
COPY --from=build /src/target/vaultlet.jar /opt/vaultlet/vaultlet.jar
COPY docker/vaultlet /usr/local/bin/vaultlet
COPY docker/cds-archive.sh /usr/local/bin/vaultlet-cds-archive
# Class-data sharing archive, created at build time so a read-only root file system needs no writes at start: a
# static archive (JDK and application classes) of what a training run of the agent against `vaultlet dev` on
# loopback loads. A jlink'ed JRE has no default CDS archive, so -XX:ArchiveClassesAtExit cannot work here.
RUN VAULTLET_HOME=/opt/vaultlet /usr/local/bin/vaultlet-cds-archive

FROM debian:bookworm-slim
COPY --from=runtime /opt/jre /opt/jre
COPY --from=runtime /opt/vaultlet /opt/vaultlet
COPY --from=runtime /usr/local/bin/vaultlet /usr/local/bin/vaultlet
RUN groupadd --system --gid 10001 vaultlet \
 && useradd --system --uid 10001 --gid vaultlet --no-create-home --shell /usr/sbin/nologin vaultlet \
 && mkdir -p /etc/vaultlet /var/run/vaultlet \
 && chown vaultlet:vaultlet /var/run/vaultlet
# The archive is only used with the same JRE and jar (path, size and modification time): fail the build here rather
# than run without it.
RUN VAULTLET_JAVA_OPTS="-Xshare:on -XX:SharedArchiveFile=/opt/vaultlet/vaultlet.jsa -XX:+UseSerialGC" vaultlet version
USER 10001:10001
ENV VAULTLET_HOME=/opt/vaultlet
VOLUME ["/var/run/vaultlet"]
ENTRYPOINT ["vaultlet", "agent", "-config", "/etc/vaultlet"]
