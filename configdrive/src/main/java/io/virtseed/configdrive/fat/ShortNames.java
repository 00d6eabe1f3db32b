package io.virtseed.configdrive.fat;

import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Gives every name of one directory a unique 8.3 short name, the way the FAT
 * specification describes it: upper-case, drop spaces and leading dots, replace what 8.3
 * cannot hold with {@code _}, cut to 8 + 3, and add a numeric tail ({@code ~1}, {@code ~2},
 * ...) when that lost information. Names that are valid upper-case 8.3 names already are
 * claimed first, so a generated name never takes theirs.
 *
 * <pre>{@code
 * Map<String, ShortNames.ShortName> names = ShortNames.assign(List.of("meta_data.json", "0000"));
 * // meta_data.json -> META_D~1.JSO (with long-name entries), 0000 -> 0000 (without)
 * }</pre>
 */
final class ShortNames {

    private static final int MAX_TAIL = 999_999;

    private ShortNames() {
    }

    /**
     * One short name.
     *
     * @param base          1..8 characters
     * @param ext           0..3 characters
     * @param needsLongName true if the name differs from the short name and needs long-name entries
     */
    record ShortName(String base, String ext, boolean needsLongName) {
        byte[] bytes() {
            return FatNames.shortNameBytes(base, ext);
        }

        String key() {
            return base + "." + ext;
        }
    }

    /** Assigns short names to {@code names} (distinct even ignoring case), in their given order. */
    static Map<String, ShortName> assign(List<String> names) {
        Map<String, ShortName> out = new LinkedHashMap<>();
        Set<String> taken = new HashSet<>();
        Map<String, Basis> pending = new LinkedHashMap<>();
        for (String name : names) {
            Basis basis = Basis.of(name);
            if (basis.lossless()) {
                ShortName sn = new ShortName(basis.base(), basis.ext(), !FatNames.isUpperShortName(name));
                out.put(name, sn);
                taken.add(sn.key());
            } else {
                pending.put(name, basis);
            }
        }
        for (Map.Entry<String, Basis> e : pending.entrySet()) {
            ShortName sn = withTail(e.getValue(), taken, e.getKey());
            out.put(e.getKey(), sn);
            taken.add(sn.key());
        }
        Map<String, ShortName> ordered = new LinkedHashMap<>();
        names.forEach(n -> ordered.put(n, out.get(n)));
        return ordered;
    }

    private static ShortName withTail(Basis basis, Set<String> taken, String name) {
        for (int n = 1; n <= MAX_TAIL; n++) {
            String tail = "~" + n;
            String base = basis.base().substring(0, Math.min(basis.base().length(), 8 - tail.length())) + tail;
            ShortName sn = new ShortName(base, basis.ext(), true);
            if (!taken.contains(sn.key())) {
                return sn;
            }
        }
        throw new IllegalArgumentException("no free 8.3 short name left for " + name);
    }

    /** The basis name: base and extension before any tail, and whether they lost information. */
    private record Basis(String base, String ext, boolean lossless) {

        static Basis of(String name) {
            boolean lossy = false;
            String trimmed = name;
            int lead = 0;
            while (lead < trimmed.length() && (trimmed.charAt(lead) == '.' || trimmed.charAt(lead) == ' ')) {
                lead++;
            }
            lossy |= lead > 0;
            trimmed = trimmed.substring(lead);
            int dot = trimmed.lastIndexOf('.');
            Part base = convert(dot < 0 ? trimmed : trimmed.substring(0, dot), 8);
            Part ext = convert(dot < 0 ? "" : trimmed.substring(dot + 1), 3);
            String b = base.text().isEmpty() ? "_" : base.text();
            lossy |= base.lossy() || ext.lossy() || base.text().isEmpty();
            return new Basis(b, ext.text(), !lossy);
        }

        /** Upper-cases, drops spaces and dots, replaces other non-8.3 characters, truncates. */
        private static Part convert(String part, int max) {
            StringBuilder sb = new StringBuilder();
            boolean lossy = false;
            for (int i = 0; i < part.length(); i++) {
                char c = Character.toUpperCase(part.charAt(i));
                if (c == ' ' || c == '.') {
                    lossy = true;
                    continue;
                }
                if (!FatNames.isShortChar(c)) {
                    lossy = true;
                    c = '_';
                }
                if (sb.length() == max) {
                    lossy = true;
                    break;
                }
                sb.append(c);
            }
            return new Part(sb.toString(), lossy);
        }
    }

    private record Part(String text, boolean lossy) {
    }
}
