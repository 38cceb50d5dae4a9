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
COPY --from=build /out/ingress-guard /usr/local/bin/ingress-guard
USER 65532:65532
ENTRYPOINT ["/usr/local/bin/ingress-guard"]
CMD ["webhook"]
