import IngressModel
import Foundation
import TLSInspect

/// Shared by the three validity rules: each certificate of each TLS Secret against `now`.
private func validityFindings(
    _ rule: some Rule, _ context: RuleContext, _ judge: (CertificateSummary, Date) -> (String, String)?
) -> [Finding] {
    var findings: [Finding] = []
    for (secret, report) in context.tlsSecrets {
        for certificate in report.chain {
            guard let (message, hint) = judge(certificate, context.options.now) else { continue }
            let which = certificate.index == 0 ? "the leaf certificate" : "certificate \(certificate.index + 1) of the chain"
            findings.append(rule.finding(
                "\(which) of Secret \(secret.ref.qualifiedName) (\(certificate.subject)) \(message)",
                at: secret.location(ofKey: Secret.certificateKey), object: secret.ref, field: secret.values[Secret.certificateKey]?.field, hint: hint))
        }
    }
    return findings
}

private func day(_ date: Date) -> String {
    ISO8601DateFormatter().string(from: date)
}

struct TLSCertExpiredRule: Rule {
    let declaration = RuleDeclaration(id: "tls-cert-expired", category: .tls, severity: .error, inputs: [.tlsMaterial])

    func check(_ context: RuleContext) -> [Finding] {
        validityFindings(self, context) { certificate, now in
            guard certificate.notAfter < now else { return nil }
            return ("expired on \(day(certificate.notAfter))", "renew the certificate; cert-manager can do it before expiry")
        }
    }
}

struct TLSCertNotYetValidRule: Rule {
    let declaration = RuleDeclaration(id: "tls-cert-not-yet-valid", category: .tls, severity: .error, inputs: [.tlsMaterial])

    func check(_ context: RuleContext) -> [Finding] {
        validityFindings(self, context) { certificate, now in
            guard certificate.notBefore > now else { return nil }
            return ("is not valid before \(day(certificate.notBefore))", "check the issuing machine's clock, or wait until the certificate becomes valid")
        }
    }
}

struct TLSCertExpiringRule: Rule {
    let declaration = RuleDeclaration(id: "tls-cert-expiring", category: .tls, severity: .warning, inputs: [.tlsMaterial])

    func check(_ context: RuleContext) -> [Finding] {
        validityFindings(self, context) { certificate, now in
            let horizon = now.addingTimeInterval(Double(context.options.expiryDays) * 86_400)
            guard certificate.notAfter >= now, certificate.notAfter < horizon else { return nil }
            let days = Int((certificate.notAfter.timeIntervalSince(now) / 86_400).rounded())
            return ("expires in \(days) day\(days == 1 ? "" : "s"), on \(day(certificate.notAfter)) (within --expiry-days \(context.options.expiryDays))",
                    "renew it now; with cert-manager check that the Certificate resource is Ready")
        }
    }
}
