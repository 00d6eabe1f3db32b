package io.virtseed.libvirt.domain;

import io.virtseed.core.error.HypervisorException;
import io.virtseed.core.value.InstanceName;
import java.io.IOException;
import java.io.StringReader;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.UUID;
import javax.xml.XMLConstants;
import javax.xml.parsers.DocumentBuilder;
import javax.xml.parsers.DocumentBuilderFactory;
import javax.xml.parsers.ParserConfigurationException;
import org.w3c.dom.Element;
import org.w3c.dom.Node;
import org.xml.sax.ErrorHandler;
import org.xml.sax.InputSource;
import org.xml.sax.SAXException;
import org.xml.sax.SAXParseException;

/**
 * Reads the {@link DomainSummary} of a domain XML document, as libvirt returns it or as
 * {@link DomainXmlWriter} wrote it. DTDs and external entities are refused.
 *
 * <pre>{@code boolean ours = new DomainXmlReader().read(dom.getXMLDesc(0)).ownership().isPresent();}</pre>
 */
public final class DomainXmlReader {

    /** Fails on errors instead of printing them to stderr, which the JDK's default handler does. */
    private static final ErrorHandler QUIET = new ErrorHandler() {
        @Override
        public void warning(SAXParseException e) {
            // warnings do not make a document unreadable
        }

        @Override
        public void error(SAXParseException e) throws SAXException {
            throw e;
        }

        @Override
        public void fatalError(SAXParseException e) throws SAXException {
            throw e;
        }
    };

    /**
     * @throws HypervisorException when the text is not a domain document, lacks name or uuid, or
     *                             carries a malformed virtseed tag
     */
    public DomainSummary read(String xml) {
        Element root = parse(xml);
        if (!"domain".equals(root.getLocalName())) {
            throw new HypervisorException("not a libvirt domain document: root element is <" + root.getLocalName() + ">");
        }
        String name = requiredText(root, "name");
        UUID uuid;
        try {
            uuid = UUID.fromString(requiredText(root, "uuid"));
        } catch (IllegalArgumentException e) {
            throw new HypervisorException("domain '" + name + "' has an invalid <uuid>", e);
        }
        Optional<Element> devices = child(root, "devices");
        List<DomainSummary.DiskSummary> disks = new ArrayList<>();
        List<DomainSummary.NicSummary> nics = new ArrayList<>();
        devices.ifPresent(d -> {
            children(d, "disk").forEach(k -> disks.add(disk(k)));
            children(d, "interface").forEach(n -> nics.add(nic(n)));
        });
        return new DomainSummary(name, uuid, ownership(root, name), disks, devices.flatMap(this::consoleLog), nics);
    }

    /**
     * virtseed's tag alone, as libvirt hands out one element of {@code <metadata>}
     * ({@code virDomainGetMetadata}): much less to fetch and parse than the whole domain.
     *
     * @throws HypervisorException when the element is not virtseed's or is malformed
     */
    public Optional<Ownership> readTag(String elementXml, String domainName) {
        Optional<String[]> plain = plainTag(elementXml);
        if (plain.isPresent()) {
            return Optional.of(ownership(plain.get()[0], plain.get()[1], domainName));
        }
        return readTagByDom(elementXml, domainName);
    }

    /** {@link #readTag} by the JDK's DOM parser, whatever the element's form. */
    Optional<Ownership> readTagByDom(String elementXml, String domainName) {
        Element tag = parse(elementXml);
        // libvirt hands the element out with its namespace stripped; the call's URI was the check
        String ns = tag.getNamespaceURI();
        if ((ns != null && !Ownership.NAMESPACE.equals(ns)) || !"instance".equals(tag.getLocalName())) {
            throw new HypervisorException("domain '" + domainName + "': not a virtseed tag: <" + tag.getTagName() + ">");
        }
        return Optional.of(tagOf(tag, domainName));
    }

    private static Element parse(String xml) {
        try {
            DocumentBuilderFactory f = DocumentBuilderFactory.newDefaultInstance();
            f.setNamespaceAware(true);
            f.setFeature(XMLConstants.FEATURE_SECURE_PROCESSING, true);
            f.setFeature("http://apache.org/xml/features/disallow-doctype-decl", true);
            f.setExpandEntityReferences(false);
            DocumentBuilder b = f.newDocumentBuilder();
            b.setErrorHandler(QUIET);
            return b.parse(new InputSource(new StringReader(xml))).getDocumentElement();
        } catch (ParserConfigurationException | SAXException | IOException e) {
            throw new HypervisorException("unreadable domain XML: " + e.getMessage(), e);
        }
    }

    private static Optional<Ownership> ownership(Element root, String domainName) {
        Optional<Element> tag = child(root, "metadata").flatMap(m -> children(m, null).stream()
                .filter(e -> Ownership.NAMESPACE.equals(e.getNamespaceURI()) && "instance".equals(e.getLocalName()))
                .findFirst());
        return tag.map(t -> tagOf(t, domainName));
    }

    private static Ownership tagOf(Element tag, String domainName) {
        Optional<String> name = tagChild(tag, "name");
        Optional<String> stateDir = tagChild(tag, "state-dir");
        if (name.isEmpty() || stateDir.isEmpty()) {
            throw new HypervisorException("domain '" + domainName + "' has a virtseed tag without name or state-dir");
        }
        return ownership(name.get(), stateDir.get(), domainName);
    }

    /**
     * The tag's name and state folder when the element is in the one form libvirt hands it out
     * ({@code virDomainGetMetadata} re-serializes it: {@code <instance>}, then {@code <name>} and
     * {@code <state-dir>} each on its line, no namespace, no attribute, text with at most the five
     * predefined entities); empty for any other form, which the DOM parser reads. The JDK's DOM
     * parser costs 36 to 62 ms the first time in a fresh process, more than the rest of an
     * {@code ls}; {@code DomainTagTest} holds the two readings to the same answers.
     */
    static Optional<String[]> plainTag(String xml) {
        TagCursor c = new TagCursor(xml);
        if (!c.literal("<instance>") || !c.literal("<name>")) {
            return Optional.empty();
        }
        String name = c.text();
        if (name == null || !c.literal("</name>") || !c.literal("<state-dir>")) {
            return Optional.empty();
        }
        String stateDir = c.text();
        if (stateDir == null || !c.literal("</state-dir>") || !c.literal("</instance>") || !c.atEnd()) {
            return Optional.empty();
        }
        return Optional.of(new String[] {name.strip(), stateDir.strip()});
    }

    /** Reads {@link #plainTag}'s form: whitespace between tags, plain text within them. */
    private static final class TagCursor {
        private final String s;
        private int at;

        TagCursor(String s) {
            this.s = s;
        }

        private void skipSpace() {
            while (at < s.length() && (s.charAt(at) == ' ' || s.charAt(at) == '\n' || s.charAt(at) == '\t')) {
                at++;
            }
        }

        boolean literal(String tag) {
            skipSpace();
            if (!s.startsWith(tag, at)) {
                return false;
            }
            at += tag.length();
            return true;
        }

        boolean atEnd() {
            skipSpace();
            return at == s.length();
        }

        /** The text up to the next {@code <}, entities replaced; null for anything the DOM parser is to judge. */
        String text() {
            StringBuilder b = new StringBuilder();
            while (at < s.length() && s.charAt(at) != '<') {
                char ch = s.charAt(at);
                if (ch < 0x20 && ch != '\n' && ch != '\t' || ch == ']' && s.startsWith("]]>", at)
                        || Character.isSurrogate(ch) || ch >= 0xFFFE) {
                    return null; // a carriage return (XML rewrites it), a control character, CDATA's end
                }
                if (ch == '&') {
                    String entity = null;
                    for (String[] e : ENTITIES) {
                        if (s.startsWith(e[0], at)) {
                            entity = e[1];
                            at += e[0].length();
                            break;
                        }
                    }
                    if (entity == null) {
                        return null; // a character reference or anything else
                    }
                    b.append(entity);
                    continue;
                }
                b.append(ch);
                at++;
            }
            return at < s.length() ? b.toString() : null;
        }

        private static final String[][] ENTITIES = {
            {"&amp;", "&"}, {"&lt;", "<"}, {"&gt;", ">"}, {"&quot;", "\""}, {"&apos;", "'"}};
    }

    private static Ownership ownership(String name, String stateDir, String domainName) {
        try {
            return new Ownership(InstanceName.of(name), Path.of(stateDir));
        } catch (IllegalArgumentException e) {
            throw new HypervisorException("domain '" + domainName + "' has a malformed virtseed tag: " + e.getMessage(), e);
        }
    }

    private static DomainSummary.DiskSummary disk(Element disk) {
        Optional<Element> target = child(disk, "target");
        return new DomainSummary.DiskSummary(
                disk.getAttribute("device").isEmpty() ? "disk" : disk.getAttribute("device"),
                child(disk, "source").flatMap(s -> attribute(s, "file")).map(Path::of),
                target.flatMap(t -> attribute(t, "dev")).orElse(""),
                target.flatMap(t -> attribute(t, "bus")).orElse(""),
                child(disk, "readonly").isPresent());
    }

    private static DomainSummary.NicSummary nic(Element nic) {
        String type = nic.getAttribute("type");
        Optional<Element> source = child(nic, "source");
        Optional<String> from = switch (type) {
            case "bridge" -> source.flatMap(s -> attribute(s, "bridge"));
            case "network" -> source.flatMap(s -> attribute(s, "network"));
            case "direct" -> source.flatMap(s -> attribute(s, "dev"));
            default -> Optional.empty();
        };
        return new DomainSummary.NicSummary(type, from, child(nic, "mac").flatMap(m -> attribute(m, "address")),
                child(nic, "model").flatMap(m -> attribute(m, "type")));
    }

    private Optional<Path> consoleLog(Element devices) {
        for (String kind : List.of("serial", "console")) {
            for (Element e : children(devices, kind)) {
                // ours: a pty whose <log> keeps the output; older guests of ours: a file
                Optional<Path> log = child(e, "log").flatMap(l -> attribute(l, "file")).map(Path::of);
                if (log.isPresent()) {
                    return log;
                }
                if ("file".equals(e.getAttribute("type"))) {
                    return child(e, "source").flatMap(s -> attribute(s, "path")).map(Path::of);
                }
            }
        }
        return Optional.empty();
    }

    private static String requiredText(Element parent, String name) {
        return child(parent, name).map(e -> e.getTextContent().strip()).filter(s -> !s.isEmpty())
                .orElseThrow(() -> new HypervisorException("domain XML has no <" + name + ">"));
    }

    /** A child of the tag in its own namespace, or in none where libvirt stripped it along with the tag's. */
    private static Optional<String> tagChild(Element tag, String name) {
        String want = tag.getNamespaceURI();
        return children(tag, null).stream()
                .filter(e -> java.util.Objects.equals(want, e.getNamespaceURI()) && name.equals(e.getLocalName()))
                .map(e -> e.getTextContent().strip())
                .findFirst();
    }

    private static Optional<String> attribute(Element e, String name) {
        return e.hasAttribute(name) ? Optional.of(e.getAttribute(name)) : Optional.empty();
    }

    private static Optional<Element> child(Element parent, String name) {
        return children(parent, name).stream().findFirst();
    }

    /** Direct child elements without a namespace named {@code name}, or all child elements when it is null. */
    private static List<Element> children(Element parent, String name) {
        List<Element> out = new ArrayList<>();
        for (Node n = parent.getFirstChild(); n != null; n = n.getNextSibling()) {
            if (n instanceof Element e && (name == null || (e.getNamespaceURI() == null && name.equals(e.getLocalName())))) {
                out.add(e);
            }
        }
        return out;
    }
}
