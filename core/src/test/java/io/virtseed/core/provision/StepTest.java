package io.virtseed.core.provision;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class StepTest {

    private final List<String> log = new ArrayList<>();

    private final Step.Lock lock = () -> {
        log.add("lock");
        return () -> log.add("unlock");
    };

    private Step step(String name, boolean failApply) {
        return Step.of(name, () -> {
            log.add("apply " + name);
            if (failApply) {
                throw new IllegalStateException(name + " broke");
            }
        }, () -> log.add("undo " + name));
    }

    @Test
    void holdingTakesTheLockAroundApplyAndAgainAroundUndo() throws Exception {
        Step held = step("reserve address", false).holding(lock);

        held.apply();
        held.undo();

        assertThat(log).containsExactly("lock", "apply reserve address", "unlock", "lock", "undo reserve address",
                "unlock");
        assertThat(held.name()).isEqualTo("reserve address");
        assertThat(held).hasToString("Step[reserve address][locked]");
    }

    @Test
    void holdingReleasesTheLockWhenApplyFails() {
        Step held = step("reserve address", true).holding(lock);

        assertThatThrownBy(held::apply).hasMessage("reserve address broke");
        assertThat(log).containsExactly("lock", "apply reserve address", "unlock");
    }

    @Test
    void aGuardKeepsItsFinishCommandThroughALockAndForwardsTheWork() throws Exception {
        Step plain = step("start domain", false);
        Step guarded = plain.stopsRollbackIfUndoFails("virtseed down vs-x");
        Step both = guarded.holding(lock);

        assertThat(plain.finishCommand()).isEmpty();
        assertThat(guarded.finishCommand()).contains("virtseed down vs-x");
        assertThat(both.finishCommand()).contains("virtseed down vs-x");
        assertThat(plain.holding(lock).finishCommand()).isEmpty();

        guarded.apply();
        guarded.undo();
        assertThat(log).containsExactly("apply start domain", "undo start domain");
        assertThat(both).hasToString("Step[start domain][stops rollback][locked]");
    }
}
