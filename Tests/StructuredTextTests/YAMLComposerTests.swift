import Testing
@testable import StructuredText

/// What the composer builds where YAML libraries differ from what kubectl and the API server do.
@Suite struct YAMLComposerTests {
    let composer = YAMLComposer()

    /// kubectl splits a stream into documents before it parses one: an anchor of the first is
    /// unknown in the second ("unknown anchor 'base' referenced").
    @Test func anAliasToAnEarlierDocumentsAnchorIsAnErrorAtTheAlias() throws {
        let result = composer.compose("""
            metadata: &base
              name: web
            ---
            metadata: *base
            """)
        #expect(result.documents.count == 1)
        let error = try #require(result.error)
        #expect(error.message.contains("unknown anchor 'base' referenced"), "\(error.message)")
        #expect(error.message.contains("earlier document"), "\(error.message)")
        #expect((error.line, error.column) == (4, 11))
    }

    @Test func anAnchorResolvesWithinItsDocumentAndMayBeDefinedAgainLater() throws {
        let result = composer.compose("""
            a: &x 1
            b: *x
            ---
            a: &x 2
            b: *x
            """)
        #expect(result.error == nil)
        #expect(result.documents.map { $0.root["b"]?.scalar?.text } == ["1", "2"])
    }

    @Test func anAliasToNoAnchorIsAnError() throws {
        let error = try #require(composer.compose("a: *nowhere\n").error)
        #expect(error.message.contains("unknown anchor 'nowhere' referenced"), "\(error.message)")
    }

    /// The API server compares keys by their bytes: `café` in NFC and in NFD are two fields.
    @Test func keysEqualOnlyUnderUnicodeNormalisationAreTwoKeys() throws {
        let nfc = "caf\u{E9}"
        let nfd = "cafe\u{301}"
        #expect(nfc == nfd, "Swift's == is canonical equivalence: the reason for byte comparison")
        let result = composer.compose("\(nfc): 1\n\(nfd): 2\n")
        #expect(result.error == nil, "\(String(describing: result.error))")
        #expect(result.documents.first?.root.pairs?.count == 2)
    }

    @Test func aKeyRepeatedByteForByteIsADuplicateAtItsSecondPlace() throws {
        let error = try #require(composer.compose("kind: Service\nmetadata: {}\nkind: Secret\n").error)
        #expect(error.message.contains("duplicate key 'kind'"))
        #expect((error.line, error.column) == (3, 1))
        // A large mapping takes the set path.
        let many = (0..<40).map { "k\($0): v" }.joined(separator: "\n") + "\nk7: again\n"
        let large = try #require(composer.compose(many).error)
        #expect(large.message.contains("duplicate key 'k7'"))
        #expect(large.line == 41)
    }

    @Test func mergeKeysKeepExplicitKeysFirst() throws {
        let result = composer.compose("""
            base: &base {a: 1, b: 2}
            child:
              <<: *base
              b: 3
            """)
        let child = try #require(result.documents.first?.root["child"])
        #expect(child["a"]?.scalar?.text == "1")
        #expect(child["b"]?.scalar?.text == "3")
        #expect(child.pairs?.count == 2)
    }

    @Test func aReaderErrorIsLocatedAtItsByte() throws {
        // A control character libyaml refuses, on line 3.
        let error = try #require(composer.compose("a: 1\nb: 2\nc: \u{1}\n").error)
        #expect(error.message.hasPrefix("YAML reader error"), "\(error.message)")
        #expect(error.line == 3)
    }

    /// A document that fails before it ends is not kept, even when its root node closed.
    @Test func aDocumentThatDoesNotEndWellIsNotKept() throws {
        let result = composer.compose("kind: Service\n---\n- a\nb: 1\n")
        #expect(result.documents.count == 1)
        #expect(result.error?.line == 4)
    }

    @Test func aMergeKeyTaggedMergeMerges() throws {
        let result = composer.compose("base: &b {a: 1}\nchild:\n  !!merge <<: *b\n  c: 2\n")
        let child = try #require(result.documents.first?.root["child"])
        #expect(child["a"]?.scalar?.text == "1")
    }

    @Test func aReaderErrorCountsCharactersNotBytes() throws {
        let error = try #require(composer.compose("\u{E9}: \u{1}\n").error)
        #expect((error.line, error.column) == (1, 4), "\(error)")
    }

    /// The JSON fast path compares keys by bytes too (it used to fall back to the YAML composer).
    @Test func jsonKeysEqualOnlyUnderNormalisationAreTwoKeys() throws {
        let root = try #require(JSONComposer.compose("{\"caf\u{E9}\": 1, \"cafe\u{301}\": 2}"))
        #expect(root.pairs?.count == 2)
        #expect(JSONComposer.compose("{\"a\": 1, \"a\": 2}") == nil)
    }

    /// Found by FuzzYAML: a second sign after an octal zero (`-0-001` and 21 zeros) parsed as
    /// Int.min, whose negation trapped. It is a string now, as for go-yaml.
    @Test func aSecondSignIsNoInteger() throws {
        let root = try #require(composer.compose("a: -0-001000000000000000000000\nb: -0o17\n").documents.first?.root)
        #expect(root["a"]?.resolvedType == .string)
        #expect(root["a"]?.intValue == nil)
        #expect(root["b"]?.intValue == -15)
    }

    /// Past sixteen keys a mapping's keys are kept in a set: a duplicate there is found as well.
    @Test func aDuplicateAmongManyKeysIsFound() throws {
        let keys = (0..<40).map { "key\($0): \($0)" }
        let clean = composer.compose(keys.joined(separator: "\n") + "\n")
        #expect(clean.error == nil && clean.documents.first?.root.pairs?.count == 40)
        let repeated = composer.compose((keys + ["key7: again"]).joined(separator: "\n") + "\n")
        #expect(repeated.error?.line == 41)
    }

    /// An alias is its anchor's node in the arena: the same content and position, read twice.
    @Test func anAliasReadsAsItsAnchor() throws {
        let root = try #require(composer.compose("base: &b {port: 80, name: web}\ncopy: *b\nlist: [*b, *b]\n").documents.first?.root)
        #expect(root["copy"]?["port"]?.intValue == 80 && root["copy"]?["name"]?.stringValue == "web")
        #expect(root["copy"]?.line == root["base"]?.line && root["copy"]?.column == root["base"]?.column)
        #expect(root["list"]?.items?.count == 2 && root["list"]?.items?[1]["name"]?.text == "web")
    }
}
