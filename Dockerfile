# The same jar the README builds, in a small image. Build: docker build -t redis-incident-bot .
FROM maven:3.9-eclipse-temurin-17 AS build
WORKDIR /src
COPY . .
RUN mvn -B -q -DskipTests package

FROM eclipse-temurin:17-jre
RUN useradd --system --uid 10001 --home-dir /app bot && mkdir -p /app/data /app/config && chown -R bot /app
WORKDIR /app
COPY --from=build /src/bot/target/redis-incident-bot.jar /app/redis-incident-bot.jar
COPY --from=build /src/config.example.yml /app/config/config.yml
USER bot
VOLUME ["/app/data"]
# Liveness: the JVM is up (the HTTP /healthz endpoint replaces this once alert intake is configured).
HEALTHCHECK --interval=30s --timeout=5s --retries=3 CMD ["sh", "-c", "kill -0 1"]
ENTRYPOINT ["java", "-XX:MaxRAMPercentage=75", "-jar", "/app/redis-incident-bot.jar"]
CMD ["--config", "/app/config/config.yml"]
