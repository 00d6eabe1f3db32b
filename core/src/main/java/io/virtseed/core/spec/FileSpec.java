package io.virtseed.core.spec;

import java.util.Objects;

/** A file injected into the guest by the config drive ({@code files:} in the spec). */
public record FileSpec(String path, byte[] content) {

    public FileSpec {
        Objects.requireNonNull(content, "content");
        if (path == null || !path.startsWith("/") || path.indexOf('\0') >= 0 || path.length() > 255) {
            throw new IllegalArgumentException("injected file path '" + path
                    + "' must be absolute, at most 255 characters and contain no NUL");
        }
        for (String part : path.substring(1).split("/", -1)) {
            if (part.isEmpty() || part.equals("..") || part.equals(".")) {
                throw new IllegalArgumentException("injected file path '" + path
                        + "' must not contain empty, '.' or '..' parts");
            }
        }
        content = content.clone();
    }

    @Override
    public byte[] content() {
        return content.clone();
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof FileSpec f && f.path.equals(path) && java.util.Arrays.equals(f.content, content);
    }

    @Override
    public int hashCode() {
        return path.hashCode() * 31 + java.util.Arrays.hashCode(content);
    }

    @Override
    public String toString() {
        return "FileSpec[" + path + ", " + content.length + " bytes]";
    }
}
