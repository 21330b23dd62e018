# syntax=docker/dockerfile:1
#
# faqbot's container image: a release build in the Rust image, then only the binary, the
# shipped FAQ and the default settings in a small runtime image (distroless: glibc and CA
# certificates, no shell, no package manager) that runs as an unprivileged user.
#
#   docker build -t faqbot .
#   docker run --rm -e DISCORD_TOKEN=... -v faqbot-data:/app/data faqbot
#
# Inside: the working folder is /app, so the bot reads /app/faq (mount your FAQ folder there,
# writable if moderators edit from Discord), /app/config/default.toml and, if you mount one,
# /app/config/local.toml; FAQBOT__SECTION__KEY variables override both. The SQLite database
# (when database.url is empty) is /app/data/faqbot.db: keep /app/data on a volume. The token
# comes from DISCORD_TOKEN only. See README.md, "Containers"; compose.yaml runs two shard
# processes against one PostgreSQL.

# The toolchain: any Rust >= 1.82 (Cargo.toml's rust-version) builds faqbot.
ARG RUST_IMAGE=rust:1-slim-bookworm
# Debian 12, as the build stage, so the binary finds the glibc it was linked against.
ARG RUNTIME_IMAGE=gcr.io/distroless/cc-debian12:nonroot

FROM ${RUST_IMAGE} AS build
WORKDIR /src
# Only what the build reads (see also .dockerignore): the manifest and lock, the patched
# serenity, the sources, and the files the binary compiles in (config/default.toml and
# migrations/). benches/ is there because Cargo.toml names its targets.
COPY Cargo.toml Cargo.lock ./
COPY vendor vendor
COPY benches benches
COPY config/default.toml config/default.toml
COPY migrations migrations
COPY src src
# The registry and target caches outlive the build, so a rebuild after a code change compiles
# faqbot only, not its dependencies. The binary is copied out of the cache mount.
RUN --mount=type=cache,target=/usr/local/cargo/registry,sharing=locked \
    --mount=type=cache,target=/src/target,sharing=locked \
    cargo build --release --locked --bin faqbot \
    && install -D -m 0755 target/release/faqbot /out/faqbot \
    && mkdir -p /out/data

FROM ${RUNTIME_IMAGE}
# The user of the distroless "nonroot" image: uid and gid 65532.
ARG UID=65532
WORKDIR /app
COPY --from=build /out/faqbot /usr/local/bin/faqbot
COPY config/default.toml config/default.toml
# The shipped FAQ, owned by the bot's user so edits from Discord can be written (a named volume
# mounted here starts as a copy of it, ownership included).
COPY --chown=${UID}:${UID} faq faq
COPY --from=build --chown=${UID}:${UID} /out/data data
USER ${UID}:${UID}
VOLUME ["/app/data"]
# SIGTERM (docker stop) stops the bot cleanly within 10 s.
STOPSIGNAL SIGTERM
ENTRYPOINT ["faqbot"]
CMD ["run"]
