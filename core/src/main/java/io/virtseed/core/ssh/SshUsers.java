package io.virtseed.core.ssh;

import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.regex.Pattern;

/**
 * Login names: the check a spec's {@code ssh_user} passes, and the default user cloud-init makes
 * in the common cloud images, told from the image's name or path (images are named after their
 * distribution: {@code debian-12-genericcloud-amd64.qcow2}, {@code noble-server-cloudimg}).
 *
 * <pre>{@code
 * String user = spec.sshUser().orElseGet(() -> SshUsers.forImage(spec.image().text()));
 * }</pre>
 */
public final class SshUsers {

    /** POSIX-portable user names; never starting with '-', so one cannot pass for an ssh option. */
    private static final Pattern NAME = Pattern.compile("[a-z_][a-z0-9_-]{0,31}");
    /**
     * When the image's name tells nothing. cloud-init puts the keys in root's authorized_keys too,
     * where most images answer with "Please login as the user X": the right name, at least.
     */
    public static final String FALLBACK = "root";

    /** Name part -> the default user of that distribution's cloud images, first match wins. */
    private static final List<String[]> DEFAULTS = List.of(new String[] {"debian", "debian"},
            new String[] {"ubuntu", "ubuntu"}, new String[] {"noble", "ubuntu"}, new String[] {"jammy", "ubuntu"},
            new String[] {"fedora", "fedora"}, new String[] {"centos", "cloud-user"},
            new String[] {"rhel", "cloud-user"}, new String[] {"rocky", "rocky"}, new String[] {"alma", "almalinux"},
            new String[] {"alpine", "alpine"},
            new String[] {"opensuse", "opensuse"});

    private SshUsers() {
    }

    /** The login for an image named so: its distribution's default user, else {@link #FALLBACK}. */
    public static String forImage(String image) {
        String s = image.toLowerCase(Locale.ROOT);
        int slash = s.lastIndexOf('/');
        String file = s.substring(slash + 1);
        String dir = slash > 0 ? s.substring(0, slash) : "";
        // the file's name first; a generic one (disk.qcow2) leaves its folder's name to tell
        return byName(file).or(() -> byName(dir.substring(dir.lastIndexOf('/') + 1))).orElse(FALLBACK);
    }

    private static Optional<String> byName(String s) {
        return DEFAULTS.stream().filter(p -> s.contains(p[0])).map(p -> p[1]).findFirst();
    }

    /** Empty when {@code user} may be a login name, else what is wrong. */
    public static Optional<String> problem(String user) {
        return NAME.matcher(user).matches() ? Optional.empty()
                : Optional.of("'" + user + "' is not a user name (a-z, 0-9, '_', '-', at most 32, not starting"
                        + " with a digit or '-')");
    }
}
