# syntax=docker/dockerfile:1
# ingress-guard: a static Swift build on the toolchain image, run as a non-root user on the slim one.
FROM swift:6.3-noble AS build
WORKDIR /src
COPY Package.swift ./
COPY Sources ./Sources
COPY Tests ./Tests
COPY Benchmarks/RouteBenchmark ./Benchmarks/RouteBenchmark
RUN swift build -c release --product ingress-guard --static-swift-stdlib \
 && install -D -m 0755 "$(swift build -c release --show-bin-path)/ingress-guard" /out/ingress-guard

FROM swift:6.3-noble-slim
# The version is written here, not passed as a build argument: the labels can only say what the
# binary says (a test keeps it equal to --version).
LABEL org.opencontainers.image.title="ingress-guard" \
      org.opencontainers.image.description="Kubernetes Ingress linter, admission webhook and reference proxy" \
      org.opencontainers.image.version="0.1.0" \
      org.opencontainers.image.licenses="Apache-2.0" \
      org.opencontainers.image.source="https://github.com/ingress-guard/ingress-guard"
COPY --from=build /out/ingress-guard /usr/local/bin/ingress-guard
USER 65532:65532
ENTRYPOINT ["/usr/local/bin/ingress-guard"]
CMD ["webhook"]
