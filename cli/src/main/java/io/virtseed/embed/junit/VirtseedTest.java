package io.virtseed.embed.junit;

import java.lang.annotation.Documented;
import java.lang.annotation.ElementType;
import java.lang.annotation.Inherited;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * A test class that boots virtseed instances: fields and parameters marked
 * {@link VirtseedInstance} are booted before and removed after their test or class. Where this
 * host cannot run guests (not root, libvirt unreachable) the class is skipped with the reason,
 * or fails when the environment has {@code CI=true}. A failed test's console logs and domain XML
 * are saved under {@code target/virtseed-failures/CLASS/METHOD/}.
 */
@Documented
@Inherited
@Target(ElementType.TYPE)
@Retention(RetentionPolicy.RUNTIME)
@ExtendWith(VirtseedExtension.class)
public @interface VirtseedTest {

    /** The state folder; empty (the default): a new one under {@code /tmp}, removed after the class. */
    String stateDir() default "";

    /** The libvirt connection. */
    String connect() default "qemu:///system";

    /** Makes the session; the default composes the real adapters. */
    Class<? extends VirtseedFactory> factory() default VirtseedFactory.Real.class;
}
