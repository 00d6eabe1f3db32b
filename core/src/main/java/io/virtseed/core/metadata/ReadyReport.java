package io.virtseed.core.metadata;

/**
 * The vendor data part that makes a guest report ready without SSH: cloud-init's
 * {@code phone_home} module POSTs {@code instance_id=<uuid>} (form data) to the metadata
 * service's readiness path, retrying 10 times 3 s apart. The service identifies the guest by its
 * source address, as for every other request, and records the time in the instance folder.
 *
 * <pre>{@code
 * String part = ReadyReport.cloudConfig();   // merge into the vendor data's cloud-init member
 * }</pre>
 */
public final class ReadyReport {

    /** Where the guest reports (the metadata address, so both channels' guests reach it). */
    public static final String URL = "http://169.254.169.254/" + MetadataHttpView.READY_PATH;

    private ReadyReport() {
    }

    /** A {@code #cloud-config} document with only the {@code phone_home} setting. */
    public static String cloudConfig() {
        return "#cloud-config\nphone_home:\n  url: " + URL + "\n  post: [instance_id]\n  tries: 10\n";
    }
}
