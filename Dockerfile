# Build with BuildKit (Docker's default builder since 23.0), which the cache mounts need.
#   docker build --build-arg VERSION=$(git describe --always --dirty) -t accreditation .

# Build: a static binary (pure-Go SQLite and PostgreSQL drivers, so no cgo).
FROM golang:1.26-bookworm AS build
WORKDIR /src
ENV CGO_ENABLED=0
COPY go.mod go.sum ./
RUN --mount=type=cache,target=/go/pkg/mod \
    go mod download
COPY . .
ARG VERSION=dev
RUN --mount=type=cache,target=/go/pkg/mod \
    --mount=type=cache,target=/root/.cache/go-build \
    go build -trimpath -ldflags "-s -w -X main.version=${VERSION}" -o /out/server ./cmd/server

# Run: Debian slim rather than distroless, for curl in the health check (the server has no
# health check command of its own), CA certificates for SMTP over TLS, and time zone data for
# events held in other zones.
FROM debian:bookworm-slim
ARG VERSION=dev
LABEL org.opencontainers.image.title="accreditation" \
      org.opencontainers.image.description="Accreditation service for intergovernmental conferences" \
      org.opencontainers.image.version="${VERSION}"
RUN apt-get update \
    && DEBIAN_FRONTEND=noninteractive apt-get install -y --no-install-recommends \
       ca-certificates curl tzdata \
    && rm -rf /var/lib/apt/lists/* \
    && groupadd --system --gid 10001 accreditation \
    && useradd --system --uid 10001 --gid 10001 --home-dir /data --no-create-home \
       --shell /usr/sbin/nologin accreditation \
    && mkdir -p /data \
    && chown accreditation:accreditation /data
COPY --from=build /out/server /usr/local/bin/server

# DATA_DIR holds the SQLite database (when DATABASE_URL is unset), signing keys and generated files.
ENV DATA_DIR=/data \
    HTTP_ADDR=:8080
VOLUME ["/data"]
EXPOSE 8080
# Numeric, so that a runtime can tell it is not root without reading /etc/passwd.
USER 10001:10001
# The check assumes HTTP_ADDR stays :8080.
HEALTHCHECK --interval=30s --timeout=5s --start-period=30s --retries=3 \
    CMD ["curl", "--fail", "--silent", "--show-error", "--max-time", "4", "--output", "/dev/null", "http://127.0.0.1:8080/healthz"]
ENTRYPOINT ["/usr/local/bin/server"]
