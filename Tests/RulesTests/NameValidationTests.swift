import Testing
@testable import Rules

@Suite struct NameValidationTests {
    @Test(arguments: ["foo", "shop.example.com", "a-1.b", "exact-path-rules", "1", "0.a--b.c"])
    func validSubdomains(value: String) { #expect(NameValidation.dns1123Subdomain(value).isEmpty) }

    @Test(arguments: ["Foo.com", "foo_bar", "foo.", ".foo", "foo..bar", "foobar:80", "-a.com", "", "a-.com", "a.-b", "a.b-", ".", "é.com", "e\u{301}x", "a.\u{301}b"])
    func invalidSubdomains(value: String) { #expect(!NameValidation.dns1123Subdomain(value).isEmpty) }

    @Test(arguments: ["*.bar.com", "*.foo.bar.com", "*.com"])
    func validWildcards(value: String) { #expect(NameValidation.wildcardDNS1123Subdomain(value).isEmpty) }

    @Test(arguments: ["*", "*.*.bar.com", "foo.*.bar.com", "*bar.com", "f*.bar.com"])
    func invalidWildcards(value: String) { #expect(!NameValidation.wildcardDNS1123Subdomain(value).isEmpty) }

    @Test func serviceNamesMustStartWithALetter() {
        #expect(NameValidation.dns1035Label("web").isEmpty)
        #expect(!NameValidation.dns1035Label("1web").isEmpty)
        #expect(NameValidation.dns1035Label(String(repeating: "a", count: 64)).contains("must be no more than 63 characters"))
    }

    @Test func portNamesFollowIANARules() {
        #expect(NameValidation.portName("http").isEmpty)
        #expect(NameValidation.portName("80") == ["must contain at least one letter (a-z)"])
        #expect(NameValidation.portName("a--b").contains("must not contain consecutive hyphens"))
        #expect(NameValidation.portName("-ab").contains("must not begin or end with a hyphen"))
        #expect(NameValidation.portName("averyveryverylongname").contains("must be no more than 15 characters"))
        #expect(NameValidation.portName("HTTP").contains("must contain only alpha-numeric characters (a-z, 0-9), and hyphens (-)"))
    }

    @Test func ipAddressesAreRecognised() {
        #expect(NameValidation.isIPAddress("127.0.0.1"))
        #expect(NameValidation.isIPAddress("::1"))
        #expect(NameValidation.isIPAddress("2001:db8::8a2e:370:7334"))
        #expect(!NameValidation.isIPAddress("1.2.3"))
        #expect(!NameValidation.isIPAddress("foo.com"))
        #expect(!NameValidation.isIPAddress("beef"))
    }

    @Test(arguments: ["127.0.0.1", "0.0.0.0", "255.255.255.255", "010.1.1.1", "1.2.3.4"])
    func ipv4Addresses(value: String) { #expect(NameValidation.isIPv4(Substring(value))) }

    @Test(arguments: ["1.2.3", "1.2.3.4.5", "256.1.1.1", "1.2.3.", ".1.2.3", "1..2.3", "1.2.3.0004", "1.2.3.a", "", "...",
                      "1.2.3.4 ", "١.٢.٣.٤", "1.2.3.+4", "9999.1.1.1"])
    func notIPv4Addresses(value: String) { #expect(!NameValidation.isIPv4(Substring(value))) }
}
