# The same jar the README builds, in a small image. Build: docker build -t redis-incident-bot .
FROM maven:3.9-eclipse-temurin-17 AS build
WORKDIR /src
COPY . .
RUN mvn -B -q -DskipTests package

FROM eclipse-temurin:17-jre
RUN apt-get update && apt-get install -y --no-install-recommends curl && rm -rf /var/lib/apt/lists/*
RUN useradd --system --uid 10001 --home-dir /app bot && mkdir -p /app/data /app/config && chown -R bot /app
WORKDIR /app
COPY --from=build /src/bot/target/redis-incident-bot.jar /app/redis-incident-bot.jar
COPY --from=build /src/config.example.yml /app/config/config.yml
USER bot
VOLUME ["/app/data"]
# Health: the bot's own /healthz (Discord connected, database reachable, scheduler running); the
# mounted config needs http: {address: 0.0.0.0, port: 8080} (see the README's Docker section).
EXPOSE 8080
HEALTHCHECK --interval=30s --timeout=5s --start-period=60s --retries=3 \
  CMD ["curl", "-fsS", "-o", "/dev/null", "http://127.0.0.1:8080/healthz"]
ENTRYPOINT ["java", "-XX:MaxRAMPercentage=75", "-jar", "/app/redis-incident-bot.jar"]
CMD ["--config", "/app/config/config.yml"]
