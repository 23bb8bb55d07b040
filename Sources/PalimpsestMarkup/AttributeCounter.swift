/// Finds the first element of a page or feed with more attributes than a limit, in one pass over
/// the bytes, before libxml2 sees them.
///
/// libxml2 (2.9, the HTML and the XML parser alike) checks each attribute of an element against
/// every attribute before it for a duplicate, so an element with n attributes costs n²/2 string
/// comparisons: one tag of 80,000 attributes took 14 s. No page needs more than a few dozen, so a
/// page or feed with an element over the limit is refused, named with the byte offset of its tag.
///
/// The scan follows the markup as the parsers do: tags and their attributes (quoted, unquoted or
/// bare names), comments, CDATA sections and processing instructions (XML), and the raw text of
/// `script` and `style` (HTML), where a `<` opens no tag. Zero bytes are skipped, so markup in
/// UTF-16 is scanned too. Where it cannot tell what the parser will make of a declaration (`<!…>`
/// other than a comment or, in XML, a CDATA section) it counts the declaration's words as
/// attributes, so it may refuse a page with a declaration of a thousand words but never lets an
/// element through uncounted.
struct AttributeCounter {
    /// The markup language: it decides which elements hold raw text and what `<!` and `<?` open.
    enum Language {
        /// HTML: `script` and `style` hold raw text; `<?` and declarations are read like tags.
        case html
        /// XML (feeds): CDATA sections and processing instructions hold no tags.
        case xml
    }

    /// Where an element over the limit starts.
    struct Place: Equatable {
        /// The 0-based byte offset of its `<`.
        var byte: Int
        /// The 1-based line of its `<`.
        var line: Int
    }

    private enum State {
        case text
        /// After `<`.
        case tagOpen
        /// In a tag's name.
        case tagName
        /// Between attributes.
        case beforeName
        /// In an attribute's name.
        case name
        /// After an attribute's name, before `=` or the next attribute.
        case afterName
        /// After `=`.
        case beforeValue
        /// In a value quoted with this byte.
        case quoted(UInt8)
        /// In an unquoted value.
        case unquoted
        /// After `<!`, telling a comment or CDATA section from another declaration.
        case declaration
        /// In a comment, with the run of `-` just read.
        case comment(dashes: Int)
        /// In a CDATA section, with the run of `]` just read.
        case cdata(brackets: Int)
        /// In a processing instruction, after a `?` or not.
        case processingInstruction(question: Bool)
        /// In the raw text of `script` or `style`, with how much of `</name` has been read (the
        /// `<`, the `/`, then the name's bytes) and where its `<` stands.
        case rawText(matched: Int, start: Int)
    }

    /// The first element with more than `limit` attributes, or nil.
    /// - Complexity: O(n) for n bytes, constant work per byte.
    static func firstElement(over limit: Int, in bytes: [UInt8], language: Language) -> Place? {
        var state = State.text
        var line = 1
        var tag = Place(byte: 0, line: 1)
        var attributes = 0
        // The tag's name, lower-cased, up to eight bytes: enough to know `script` and `style`.
        var tagName: [UInt8] = []
        var isEndTag = false
        var rawTextName: [UInt8] = []
        var declaration: [UInt8] = []
        let commentOpening = Array("--".utf8), cdataOpening = Array("[CDATA[".utf8)
        let rawTextElements = [Array("script".utf8), Array("style".utf8)]

        func startTag(at offset: Int) {
            tag = Place(byte: offset, line: line)
            attributes = 0
            tagName = []
            isEndTag = false
        }
        // A tag ends: raw text follows an HTML `script` or `style` start tag, text anything else.
        func endOfTag() -> State {
            guard language == .html, !isEndTag, rawTextElements.contains(tagName) else { return .text }
            rawTextName = tagName
            return .rawText(matched: 0, start: 0)
        }

        for (offset, byte) in bytes.enumerated() {
            if byte == 0 { continue }
            if byte == UInt8(ascii: "\n") { line += 1 }
            let isSpace = byte == 0x20 || byte == 0x09 || byte == 0x0A || byte == 0x0D || byte == 0x0C
            let lower = (0x41...0x5A).contains(byte) ? byte + 0x20 : byte
            let newAttribute: Bool
            switch state {
            case .text:
                if byte == UInt8(ascii: "<") {
                    startTag(at: offset)
                    state = .tagOpen
                }
                newAttribute = false
            case .tagOpen:
                newAttribute = false
                switch byte {
                case UInt8(ascii: "a")...UInt8(ascii: "z"), UInt8(ascii: "A")...UInt8(ascii: "Z"):
                    tagName = [lower]
                    state = .tagName
                case UInt8(ascii: "/"):
                    isEndTag = true
                    state = .tagName
                case UInt8(ascii: "!"):
                    declaration = []
                    state = .declaration
                case UInt8(ascii: "?"):
                    isEndTag = true
                    state = language == .xml ? .processingInstruction(question: false) : .tagName
                case UInt8(ascii: "<"):
                    startTag(at: offset)
                default:
                    state = .text
                }
            case .tagName:
                newAttribute = false
                if isSpace || byte == UInt8(ascii: "/") {
                    state = .beforeName
                } else if byte == UInt8(ascii: ">") {
                    state = endOfTag()
                } else if tagName.count < 8 {
                    tagName.append(lower)
                }
            case .beforeName:
                if isSpace || byte == UInt8(ascii: "/") {
                    newAttribute = false
                } else if byte == UInt8(ascii: ">") {
                    newAttribute = false
                    state = endOfTag()
                } else {
                    newAttribute = true
                    state = .name
                }
            case .name:
                newAttribute = false
                if isSpace {
                    state = .afterName
                } else if byte == UInt8(ascii: "=") {
                    state = .beforeValue
                } else if byte == UInt8(ascii: ">") {
                    state = endOfTag()
                } else if byte == UInt8(ascii: "/") {
                    state = .beforeName
                }
            case .afterName:
                newAttribute = !(isSpace || byte == UInt8(ascii: "=") || byte == UInt8(ascii: ">") || byte == UInt8(ascii: "/"))
                if byte == UInt8(ascii: "=") {
                    state = .beforeValue
                } else if byte == UInt8(ascii: ">") {
                    state = endOfTag()
                } else if byte == UInt8(ascii: "/") {
                    state = .beforeName
                } else if newAttribute {
                    state = .name
                }
            case .beforeValue:
                newAttribute = false
                if byte == UInt8(ascii: "\"") || byte == UInt8(ascii: "'") {
                    state = .quoted(byte)
                } else if byte == UInt8(ascii: ">") {
                    state = endOfTag()
                } else if !isSpace {
                    state = .unquoted
                }
            case .quoted(let quote):
                newAttribute = false
                if byte == quote { state = .beforeName }
            case .unquoted:
                newAttribute = false
                if isSpace {
                    state = .beforeName
                } else if byte == UInt8(ascii: ">") {
                    state = endOfTag()
                }
            case .declaration:
                newAttribute = false
                isEndTag = true
                if byte == UInt8(ascii: ">") {
                    state = .text
                } else if isSpace {
                    state = .beforeName
                } else {
                    declaration.append(byte)
                    if declaration == commentOpening {
                        state = .comment(dashes: 0)
                    } else if language == .xml, declaration == cdataOpening {
                        state = .cdata(brackets: 0)
                    } else if !commentOpening.starts(with: declaration), !(language == .xml && cdataOpening.starts(with: declaration)) {
                        state = .tagName
                    }
                }
            case .comment(let dashes):
                newAttribute = false
                if byte == UInt8(ascii: ">"), dashes >= 2 {
                    state = .text
                } else {
                    state = .comment(dashes: byte == UInt8(ascii: "-") ? dashes + 1 : 0)
                }
            case .cdata(let brackets):
                newAttribute = false
                if byte == UInt8(ascii: ">"), brackets >= 2 {
                    state = .text
                } else {
                    state = .cdata(brackets: byte == UInt8(ascii: "]") ? brackets + 1 : 0)
                }
            case .processingInstruction(let question):
                newAttribute = false
                state = byte == UInt8(ascii: ">") && question ? .text : .processingInstruction(question: byte == UInt8(ascii: "?"))
            case .rawText(let matched, let start):
                newAttribute = false
                let continues = matched == 1 ? byte == UInt8(ascii: "/") : matched >= 2 && lower == rawTextName[matched - 2]
                if !continues {
                    state = .rawText(matched: byte == UInt8(ascii: "<") ? 1 : 0, start: offset)
                } else if matched == rawTextName.count + 1 {
                    // `</script` or `</style`: an end tag, whose attributes count like any tag's.
                    tag = Place(byte: start, line: line)
                    attributes = 0
                    tagName = rawTextName
                    isEndTag = true
                    state = .tagName
                } else {
                    state = .rawText(matched: matched + 1, start: start)
                }
            }
            if newAttribute {
                attributes += 1
                if attributes > limit { return tag }
            }
        }
        return nil
    }
}
