/// Structural checks of the chain in `tls.crt`: leaf first, each certificate signed by the next,
/// and no CA certificate as the leaf.
enum ChainCheck {
    static func problems(_ chain: [CertificateSummary]) -> [TLSReport.ChainProblem] {
        guard let leaf = chain.first else { return [] }
        var problems: [TLSReport.ChainProblem] = []
        if leaf.isCertificateAuthority && chain.count > 1 {
            problems.append(.init(index: 0, message: "the first certificate is a CA certificate; the leaf (the server's own certificate) must come first"))
        } else if leaf.isCertificateAuthority && !leaf.isSelfSigned {
            problems.append(.init(index: 0, message: "the leaf certificate is a CA certificate (basicConstraints CA:TRUE)"))
        }
        for index in chain.indices.dropLast() {
            let certificate = chain[index]
            let next = chain[index + 1]
            if certificate.issuer != next.subject {
                let laterIssuer = chain.indices.first { $0 > index + 1 && chain[$0].subject == certificate.issuer }
                let detail = laterIssuer.map { " (its issuer is certificate \($0 + 1): the chain is out of order)" } ?? ""
                problems.append(.init(index: index, message: "certificate \(index + 1) is issued by \(certificate.issuer), but certificate \(index + 2) is \(next.subject)\(detail)"))
            } else if certificate.isSigned(by: next) == false {
                problems.append(.init(index: index, message: "certificate \(index + 2) (\(next.subject)) did not sign certificate \(index + 1): its signature does not verify"))
            }
        }
        return problems
    }
}
