package io.virtseed.core.metadata;

import io.virtseed.core.error.SpecException;
import io.virtseed.core.spec.FileSpec;
import io.virtseed.core.spec.InstanceSpec;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.UUID;
import java.util.regex.Pattern;

/**
 * The typed content of one instance's metadata: what {@link MetadataTreeRenderer} turns into the
 * config drive, the HTTP metadata tree and the NoCloud seed. Every field is checked here, so a
 * tree rendered from an {@code InstanceMetadata} is always one cloud-init accepts.
 *
 * <pre>{@code
 * InstanceMetadata md = InstanceMetadata.from(spec, instanceUuid, nics, seedBytes);
 * MetadataTree drive = new MetadataTreeRenderer().openStackTree(md);
 * }</pre>
 *
 * @param uuid             the instance id; stable for the instance's life, new for every new instance
 * @param name             display name ({@code name} in meta_data.json)
 * @param hostname         RFC 1123 host name, possibly with a domain
 * @param launchIndex      0 or more
 * @param availabilityZone nova's default is {@code nova}
 * @param projectId        written from OpenStack 2015-10-15 on when present
 * @param publicKeys       key name to key, in the order given (EC2 index order)
 * @param meta             user properties, sorted by key (nova's limits)
 * @param files            injected files, written to the config drive only
 * @param adminPass        the admin password: config drive only, never over HTTP
 * @param randomSeed       512 bytes for the guest's kernel RNG
 * @param userData         opaque bytes, passed through unchanged
 * @param vendorData       a JSON object, sorted deep copy; its {@code cloud-init} member is a string or list
 * @param devices          NIC devices listed in meta_data.json {@code devices}
 * @param nics             the NICs in guest order
 * @param instanceType     EC2 {@code instance-type} (nova: the flavor name)
 * @param amiId            EC2 {@code ami-id}, {@code ami-} and 8 hex digits
 */
public record InstanceMetadata(UUID uuid, String name, String hostname, int launchIndex, String availabilityZone,
        Optional<String> projectId, Map<String, SshPublicKey> publicKeys, Map<String, String> meta,
        List<FileSpec> files, Optional<String> adminPass, byte[] randomSeed, Optional<byte[]> userData,
        Map<String, Object> vendorData, List<NicDevice> devices, List<NicConfig> nics, String instanceType,
        String amiId) {

    public static final String DEFAULT_AVAILABILITY_ZONE = "nova";
    private static final Pattern AMI_ID = Pattern.compile("ami-[0-9a-f]{8}");
    private static final Pattern PROJECT_ID = Pattern.compile("[A-Za-z0-9_-]{1,255}");

    @SuppressWarnings("unchecked")
    public InstanceMetadata {
        Objects.requireNonNull(uuid, "uuid");
        if (uuid.getMostSignificantBits() == 0 && uuid.getLeastSignificantBits() == 0) {
            throw new SpecException("uuid must not be the nil UUID: every instance needs its own id");
        }
        MetadataRules.text(name, "name", 255);
        MetadataRules.hostname(hostname);
        MetadataRules.launchIndex(launchIndex);
        MetadataRules.text(availabilityZone, "availability_zone", 255);
        projectId.ifPresent(p -> {
            if (!PROJECT_ID.matcher(p).matches()) {
                throw new SpecException("project_id '" + p + "' is invalid: use 1 to 255 characters A-Z, a-z, 0-9, '_', '-'");
            }
        });
        publicKeys = MetadataRules.publicKeys(publicKeys);
        meta = MetadataRules.meta(meta);
        files = MetadataRules.files(files);
        adminPass.ifPresent(p -> MetadataRules.text(p, "admin_pass", 255));
        randomSeed = MetadataRules.randomSeed(randomSeed);
        userData = userData.map(MetadataRules::userData);
        vendorData = (Map<String, Object>) JsonValues.canonical(Objects.requireNonNull(vendorData, "vendorData"),
                "vendor_data");
        MetadataRules.vendorCloudInit(vendorData);
        nics = List.copyOf(nics);
        devices = List.copyOf(devices);
        MetadataRules.macs(nics, devices);
        MetadataRules.text(instanceType, "instance_type", 255);
        if (amiId == null || !AMI_ID.matcher(amiId).matches()) {
            throw new SpecException("ami_id '" + amiId + "' is invalid: use 'ami-' and 8 hex digits");
        }
    }

    /**
     * The metadata of an instance made from a spec. The caller owns identity and randomness: the
     * uuid (kept for the instance's life), the resolved NICs and 512 fresh random bytes.
     * SSH keys are named {@code key0}, {@code key1}, ... in spec order.
     */
    public static InstanceMetadata from(InstanceSpec spec, UUID uuid, List<NicConfig> nics, byte[] randomSeed) {
        Builder b = builder(uuid, spec.name().value(), spec.hostname(), randomSeed)
                .meta(spec.meta())
                .files(spec.files())
                .vendorData(spec.vendorData())
                .nics(nics)
                .devices(nics.stream().map(NicDevice::of).toList())
                .instanceType("vs." + spec.cpus() + "cpu." + spec.memory())
                .amiId(MetadataRules.amiIdFor(spec.image().text()));
        List<String> keys = spec.sshKeys();
        for (int i = 0; i < keys.size(); i++) {
            b.sshKey("key" + i, keys.get(i), "ssh_keys[" + i + "]");
        }
        spec.password().ifPresent(b::adminPass);
        spec.userData().ifPresent(b::userData);
        return b.build();
    }

    public static Builder builder(UUID uuid, String name, String hostname, byte[] randomSeed) {
        return new Builder(uuid, name, hostname, randomSeed);
    }

    /** The config drive tree; see {@link MetadataTreeRenderer#openStackTree(InstanceMetadata)}. */
    public MetadataTree openStackTree() {
        return new MetadataTreeRenderer().openStackTree(this);
    }

    /** The tree for the given delivery; see {@link MetadataTreeRenderer#openStackTree(InstanceMetadata, Channel)}. */
    public MetadataTree openStackTree(Channel channel) {
        return new MetadataTreeRenderer().openStackTree(this, channel);
    }

    /** The HTTP service's tree, without admin_pass and injected files. */
    public MetadataTree httpTree() {
        return new MetadataTreeRenderer().httpTree(this);
    }

    /** The NoCloud seed; see {@link MetadataTreeRenderer#noCloudTree(InstanceMetadata)}. */
    public MetadataTree noCloudTree() {
        return new MetadataTreeRenderer().noCloudTree(this);
    }

    @Override
    public byte[] randomSeed() {
        return randomSeed.clone();
    }

    @Override
    public Optional<byte[]> userData() {
        return userData.map(byte[]::clone);
    }

    /** EC2 {@code instance-id}: {@code i-} and the first 8 hex digits of the uuid. */
    public String ec2InstanceId() {
        return "i-" + uuid.toString().substring(0, 8);
    }

    /** EC2 {@code reservation-id}: {@code r-} and the last 8 hex digits of the uuid. */
    public String ec2ReservationId() {
        String s = uuid.toString();
        return "r-" + s.substring(s.length() - 8);
    }

    /** The first IPv4 address of the NICs (static or DHCP-reserved), EC2 {@code local-ipv4}. */
    public Optional<String> firstIpv4() {
        return nics.stream().flatMap(n -> n.ipv4().stream()).map(NicConfig.Ipv4Setting::address).findFirst();
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof InstanceMetadata m && uuid.equals(m.uuid) && name.equals(m.name)
                && hostname.equals(m.hostname) && launchIndex == m.launchIndex
                && availabilityZone.equals(m.availabilityZone) && projectId.equals(m.projectId)
                && publicKeys.equals(m.publicKeys) && List.copyOf(publicKeys.keySet()).equals(List.copyOf(m.publicKeys.keySet()))
                && meta.equals(m.meta) && files.equals(m.files) && adminPass.equals(m.adminPass)
                && Arrays.equals(randomSeed, m.randomSeed) && userDataEquals(m) && vendorData.equals(m.vendorData)
                && devices.equals(m.devices) && nics.equals(m.nics) && instanceType.equals(m.instanceType)
                && amiId.equals(m.amiId);
    }

    private boolean userDataEquals(InstanceMetadata m) {
        return userData.isPresent() == m.userData.isPresent()
                && (userData.isEmpty() || Arrays.equals(userData.get(), m.userData.get()));
    }

    @Override
    public int hashCode() {
        return Objects.hash(uuid, hostname, nics, Arrays.hashCode(randomSeed),
                userData.map(Arrays::hashCode).orElse(0));
    }

    @Override
    public String toString() {
        // no password, user data or seed: they may be secret
        return "InstanceMetadata[" + uuid + ", hostname=" + hostname + ", keys=" + publicKeys.size() + ", files="
                + files.size() + ", nics=" + nics.size() + "]";
    }

    /** Collects the fields, with nova's defaults for the optional ones. */
    public static final class Builder {
        private final UUID uuid;
        private final String name;
        private final String hostname;
        private final byte[] randomSeed;
        private int launchIndex;
        private String availabilityZone = DEFAULT_AVAILABILITY_ZONE;
        private Optional<String> projectId = Optional.empty();
        private final Map<String, SshPublicKey> publicKeys = new LinkedHashMap<>();
        private Map<String, String> meta = Map.of();
        private List<FileSpec> files = List.of();
        private Optional<String> adminPass = Optional.empty();
        private Optional<byte[]> userData = Optional.empty();
        private Map<String, Object> vendorData = Map.of();
        private List<NicDevice> devices = List.of();
        private List<NicConfig> nics = List.of();
        private String instanceType = "vs.default";
        private String amiId = "ami-00000000";

        private Builder(UUID uuid, String name, String hostname, byte[] randomSeed) {
            this.uuid = uuid;
            this.name = name;
            this.hostname = hostname;
            this.randomSeed = randomSeed == null ? null : randomSeed.clone();
        }

        public Builder launchIndex(int index) {
            this.launchIndex = index;
            return this;
        }

        public Builder availabilityZone(String zone) {
            this.availabilityZone = zone;
            return this;
        }

        public Builder projectId(String id) {
            this.projectId = Optional.of(id);
            return this;
        }

        /** Adds a key; a malformed line fails with a message naming the key. */
        public Builder sshKey(String keyName, String line) {
            return sshKey(keyName, line, "public key '" + keyName + "'");
        }

        Builder sshKey(String keyName, String line, String label) {
            SshPublicKey key;
            try {
                key = SshPublicKey.parse(line);
            } catch (SpecException e) {
                throw new SpecException(label + ": " + e.getMessage(), e);
            }
            if (publicKeys.putIfAbsent(keyName, key) != null) {
                throw new SpecException(label + ": the key name '" + keyName + "' is used twice");
            }
            return this;
        }

        public Builder meta(Map<String, String> items) {
            this.meta = items;
            return this;
        }

        public Builder files(List<FileSpec> list) {
            this.files = list;
            return this;
        }

        public Builder adminPass(String password) {
            this.adminPass = Optional.of(password);
            return this;
        }

        public Builder userData(byte[] data) {
            this.userData = Optional.of(data.clone());
            return this;
        }

        public Builder vendorData(Map<String, Object> data) {
            this.vendorData = data;
            return this;
        }

        public Builder devices(List<NicDevice> list) {
            this.devices = list;
            return this;
        }

        public Builder nics(List<NicConfig> list) {
            this.nics = list;
            return this;
        }

        public Builder instanceType(String type) {
            this.instanceType = type;
            return this;
        }

        public Builder amiId(String id) {
            this.amiId = id;
            return this;
        }

        public InstanceMetadata build() {
            return new InstanceMetadata(uuid, name, hostname, launchIndex, availabilityZone, projectId, publicKeys,
                    meta, files, adminPass, randomSeed, userData, vendorData, devices, nics, instanceType, amiId);
        }
    }
}
