package io.virtseed.configdrive.iso;

import io.virtseed.core.metadata.MetadataTree;
import java.util.Objects;
import java.util.Optional;

/**
 * What {@link IsoImageReader} found in an image: labels and the file tree under each
 * naming scheme. Empty directories do not appear (a {@link MetadataTree} implies them).
 *
 * <pre>{@code
 * IsoImageContents c = new IsoImageReader().read(bytes);
 * byte[] md = c.rockRidgeTree().orElseThrow().get("openstack/latest/meta_data.json").orElseThrow();
 * }</pre>
 *
 * @param primaryVolumeId the primary descriptor's volume id, trailing spaces removed
 * @param publisher       the primary descriptor's publisher, trailing spaces removed
 * @param jolietVolumeId  the Joliet descriptor's volume id, if there is a Joliet descriptor
 * @param jolietLevel     1 to 3 (UCS-2 level of the escape sequence), 0 without Joliet
 * @param rockRidge       true when the root carries a SUSP SP entry and Rock Ridge entries
 * @param primaryTree     names as ISO9660 gives them, version ";1" and a bare trailing dot removed
 * @param rockRidgeTree   POSIX names (what Linux mounts), if Rock Ridge is present
 * @param jolietTree      Joliet names (what Windows mounts), if Joliet is present
 */
public record IsoImageContents(String primaryVolumeId, String publisher, Optional<String> jolietVolumeId,
        int jolietLevel, boolean rockRidge, MetadataTree primaryTree, Optional<MetadataTree> rockRidgeTree,
        Optional<MetadataTree> jolietTree) {

    public IsoImageContents {
        Objects.requireNonNull(primaryVolumeId, "primaryVolumeId");
        Objects.requireNonNull(publisher, "publisher");
        Objects.requireNonNull(jolietVolumeId, "jolietVolumeId");
        Objects.requireNonNull(primaryTree, "primaryTree");
        Objects.requireNonNull(rockRidgeTree, "rockRidgeTree");
        Objects.requireNonNull(jolietTree, "jolietTree");
    }

    public boolean joliet() {
        return jolietLevel > 0;
    }
}
