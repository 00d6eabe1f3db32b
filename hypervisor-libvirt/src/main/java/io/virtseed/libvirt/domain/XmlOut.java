package io.virtseed.libvirt.domain;

import java.io.Writer;
import java.util.ArrayDeque;
import java.util.Deque;
import javax.xml.stream.XMLOutputFactory;
import javax.xml.stream.XMLStreamException;
import javax.xml.stream.XMLStreamWriter;

/**
 * A thin indenting layer over {@link XMLStreamWriter}. StAX does all escaping; this class only
 * adds line breaks and refuses characters XML 1.0 cannot carry, because a parser would
 * otherwise reject the document or silently turn them into spaces.
 */
final class XmlOut {

    private final XMLStreamWriter out;
    /** One entry per open element: whether it has child elements (so its end tag goes on its own line). */
    private final Deque<Boolean> open = new ArrayDeque<>();
    private boolean rootWritten;

    XmlOut(Writer sink) {
        try {
            // the JDK's own implementation, so output does not change with whatever StAX jar is on the classpath
            this.out = XMLOutputFactory.newDefaultFactory().createXMLStreamWriter(sink);
        } catch (XMLStreamException e) {
            throw new IllegalStateException("cannot create an XML writer", e);
        }
    }

    /** Opens {@code <name attr="value"...>}; attributes come as name/value pairs, a null value is left out. */
    XmlOut start(String name, String... attributes) throws XMLStreamException {
        beginElement();
        out.writeStartElement(name);
        attributes(name, attributes);
        open.push(false);
        return this;
    }

    /** Opens a namespaced element; {@code declare} writes the {@code xmlns:prefix} declaration on it. */
    XmlOut startNs(String prefix, String name, String namespace, boolean declare) throws XMLStreamException {
        beginElement();
        out.writeStartElement(prefix, name, namespace);
        if (declare) {
            out.writeNamespace(prefix, namespace);
        }
        open.push(false);
        return this;
    }

    /** Writes {@code <name attrs/>}. */
    XmlOut empty(String name, String... attributes) throws XMLStreamException {
        beginElement();
        out.writeEmptyElement(name);
        attributes(name, attributes);
        return this;
    }

    /** Writes {@code <name attrs>text</name>}. */
    XmlOut text(String name, String text, String... attributes) throws XMLStreamException {
        beginElement();
        out.writeStartElement(name);
        attributes(name, attributes);
        out.writeCharacters(checked(name, text));
        out.writeEndElement();
        return this;
    }

    /** Writes a namespaced {@code <prefix:name>text</prefix:name>}. */
    XmlOut textNs(String prefix, String name, String namespace, String text) throws XMLStreamException {
        beginElement();
        out.writeStartElement(prefix, name, namespace);
        out.writeCharacters(checked(name, text));
        out.writeEndElement();
        return this;
    }

    /** Closes the innermost open element. */
    XmlOut end() throws XMLStreamException {
        boolean hadChildren = open.pop();
        if (hadChildren) {
            newline();
        }
        out.writeEndElement();
        return this;
    }

    /** Ends the document with a trailing newline and flushes. */
    void finish() throws XMLStreamException {
        if (!open.isEmpty()) {
            throw new IllegalStateException(open.size() + " element(s) still open");
        }
        out.writeCharacters("\n");
        out.writeEndDocument();
        out.flush();
        out.close();
    }

    private void beginElement() throws XMLStreamException {
        if (!rootWritten) {
            rootWritten = true;
            return;
        }
        if (open.isEmpty()) {
            throw new IllegalStateException("an XML document has exactly one root element");
        }
        open.pop();
        open.push(true);
        newline();
    }

    private void newline() throws XMLStreamException {
        out.writeCharacters("\n" + "  ".repeat(open.size()));
    }

    private void attributes(String element, String... pairs) throws XMLStreamException {
        if (pairs.length % 2 != 0) {
            throw new IllegalArgumentException("attributes of <" + element + "> must come in name/value pairs");
        }
        for (int i = 0; i < pairs.length; i += 2) {
            if (pairs[i + 1] != null) {
                out.writeAttribute(pairs[i], checked(element + " " + pairs[i], pairs[i + 1]));
            }
        }
    }

    private static String checked(String where, String value) {
        for (int i = 0; i < value.length(); i++) {
            char c = value.charAt(i);
            if (c < 0x20 || c == 0xFFFE || c == 0xFFFF) {
                throw new IllegalArgumentException(String.format(
                        "domain XML cannot carry control character U+%04X in <%s>: %s", (int) c, where,
                        value.replaceAll("\\p{Cntrl}", "?")));
            }
        }
        return value;
    }
}
