package io.virtseed.libvirt.connect;

import com.sun.jna.Callback;
import com.sun.jna.Memory;
import com.sun.jna.Native;
import com.sun.jna.NativeLibrary;
import com.sun.jna.Pointer;
import io.virtseed.core.ports.MachineStatus;
import io.virtseed.core.value.InstanceName;
import io.virtseed.libvirt.domain.DomainXmlReader;
import io.virtseed.libvirt.domain.Ownership;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * {@link LeanListing}'s answer by libvirt's library: the few C functions a listing needs, bound
 * directly ({@link Native#register}) to static methods, none of libvirt-java's set-up. Loading
 * and binding the library (JNA's own start, the library, the calls) is most of its cost, which
 * {@link #bind} lets a caller have done on another thread.
 */
final class NativeListing {

    /** {@code VIR_ERR_NO_DOMAIN}: the domain vanished between two calls. */
    private static final int NO_DOMAIN = 42;
    /** {@code VIR_ERR_NO_DOMAIN_METADATA}: the domain has no such element, so it is not virtseed's. */
    private static final int NO_DOMAIN_METADATA = 80;
    /** {@code VIR_DOMAIN_METADATA_ELEMENT}. */
    private static final int METADATA_ELEMENT = 2;

    /** libvirt's error handler that keeps quiet: the caller reads the error code, or asks the adapter. */
    interface Quiet extends Callback {
        void invoke(Pointer userData, Pointer error);
    }

    /** libvirt's functions, bound on first use. */
    private static final class Natives {
        /**
         * Held for the life of the JVM, as native code keeps the only other reference. Without a
         * handler libvirt prints every error to stderr, even the expected one of an untagged domain.
         */
        static final Quiet QUIET = (userData, error) -> { };
        /** Set when libvirt's library cannot be bound; every listing then answers empty. */
        static final Throwable UNBOUND = bind();

        private static Throwable bind() {
            try {
                // by its file name: JNA then asks the dynamic linker, and scans no folder for versions
                Native.register(Natives.class, NativeLibrary.getInstance("libvirt.so.0"));
                virSetErrorFunc(null, QUIET);
                return null;
            } catch (LinkageError | RuntimeException e) {
                return e;
            }
        }

        static boolean bound() {
            return UNBOUND == null;
        }

        static native void virSetErrorFunc(Pointer userData, Quiet handler);

        static native Pointer virConnectOpen(String uri);

        static native int virConnectClose(Pointer conn);

        static native int virConnectListAllDomains(Pointer conn, Pointer domains, int flags);

        static native String virDomainGetName(Pointer dom);

        static native int virDomainGetState(Pointer dom, int[] state, int[] reason, int flags);

        static native Pointer virDomainGetMetadata(Pointer dom, int type, String uri, int flags);

        static native int virDomainFree(Pointer dom);

        static native int virGetLastErrorCode();
    }

    /** Thrown inside only: the adapter is to answer instead. */
    private static final class Unsure extends Exception {
        Unsure() {
            super(null, null, false, false);
        }
    }

    private NativeListing() {
    }

    /** Loads and binds libvirt's library, once; never throws: where it fails, {@link #states} answers empty. */
    static void bind() {
        Natives.bound();
    }

    /**
     * The states of those of {@code names} whose domain exists on {@code uri} and belongs to
     * {@code root} (an absolute, normalized path); empty when unsure.
     */
    static Optional<Map<InstanceName, MachineStatus>> states(String uri, Path root, Set<InstanceName> names) {
        if (!Natives.bound()) {
            return Optional.empty();
        }
        Pointer conn = Natives.virConnectOpen(uri);
        if (conn == null) {
            return Optional.empty();
        }
        try {
            return Optional.of(states(conn, root, names));
        } catch (Unsure | RuntimeException e) {
            return Optional.empty();
        } finally {
            Natives.virConnectClose(conn);
        }
    }

    private static Map<InstanceName, MachineStatus> states(Pointer conn, Path root, Set<InstanceName> names)
            throws Unsure {
        Map<String, InstanceName> wanted = new HashMap<>();
        names.forEach(n -> wanted.put(n.value(), n));
        Memory list = new Memory(Native.POINTER_SIZE);
        int count = Natives.virConnectListAllDomains(conn, list, 0); // 0: active and inactive alike
        if (count < 0) {
            throw new Unsure();
        }
        Pointer array = list.getPointer(0);
        Map<InstanceName, MachineStatus> out = new HashMap<>();
        try {
            DomainXmlReader reader = null;
            for (int i = 0; i < count; i++) {
                Pointer dom = array.getPointer((long) i * Native.POINTER_SIZE);
                String domName = Natives.virDomainGetName(dom); // the handle knows it: no round trip
                InstanceName name = domName == null ? null : wanted.get(domName);
                if (name == null) {
                    continue;
                }
                if (reader == null) {
                    reader = new DomainXmlReader();
                }
                Optional<MachineStatus> s = stateIfOurs(dom, domName, root, reader);
                if (s.isPresent()) {
                    out.put(name, s.get());
                }
            }
        } finally {
            for (int i = 0; i < count; i++) {
                Natives.virDomainFree(array.getPointer((long) i * Native.POINTER_SIZE));
            }
            if (array != null) {
                Native.free(Pointer.nativeValue(array));
            }
        }
        return out;
    }

    /** As {@link DomainOwners#stateIfOurs}: empty for another folder's domain, a foreign one, or one that vanished. */
    private static Optional<MachineStatus> stateIfOurs(Pointer dom, String name, Path root, DomainXmlReader reader)
            throws Unsure {
        Pointer xml = Natives.virDomainGetMetadata(dom, METADATA_ELEMENT, Ownership.NAMESPACE, 0);
        if (xml == null) {
            int code = Natives.virGetLastErrorCode();
            if (code == NO_DOMAIN_METADATA || code == NO_DOMAIN) {
                return Optional.empty();
            }
            throw new Unsure(); // the adapter reads the whole XML then, or reports the error
        }
        Optional<Ownership> tag;
        try {
            tag = reader.readTag(xml.getString(0), name); // a malformed tag: the adapter reports it
        } finally {
            Native.free(Pointer.nativeValue(xml));
        }
        if (tag.filter(o -> o.belongsTo(root)).isEmpty()) {
            return Optional.empty();
        }
        int[] state = new int[1];
        int[] reason = new int[1];
        if (Natives.virDomainGetState(dom, state, reason, 0) != 0) {
            if (Natives.virGetLastErrorCode() == NO_DOMAIN) {
                return Optional.empty();
            }
            throw new Unsure();
        }
        return Optional.of(DomainReasons.status(state[0], reason[0]));
    }
}
