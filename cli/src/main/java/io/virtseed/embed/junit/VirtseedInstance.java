package io.virtseed.embed.junit;

import java.lang.annotation.Documented;
import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;

/**
 * An instance booted for a test: on a field or parameter of type
 * {@link io.virtseed.core.RunningInstance} in a {@link VirtseedTest} class. The instance is created
 * from {@link #spec()} (and waited for when {@link #waitReady()} is set) before it is handed over,
 * and removed after its lifecycle ends. A static field is always per class.
 */
@Documented
@Target({ElementType.FIELD, ElementType.PARAMETER})
@Retention(RetentionPolicy.RUNTIME)
public @interface VirtseedInstance {

    /**
     * The spec of one instance: a file path (relative paths from the working folder), else a class
     * path resource; {@code classpath:} forces the latter.
     */
    String spec();

    /** Per test method (the default), or once for the class. */
    Lifecycle lifecycle() default Lifecycle.PER_METHOD;

    /** Waits for cloud-init to finish in the guest for up to this ISO-8601 duration; empty: no wait. */
    String waitReady() default "";

    /** How long a booted instance lives. */
    enum Lifecycle { PER_METHOD, PER_CLASS }
}
