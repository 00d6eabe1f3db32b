package io.virtseed.core.provision;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.virtseed.core.error.ProvisionException;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ProvisionerTest {

    private final List<String> log = new ArrayList<>();

    private Step step(String name, boolean failApply, boolean failUndo) {
        return Step.of(name, () -> {
            log.add("apply " + name);
            if (failApply) {
                throw new IllegalStateException(name + " broke");
            }
        }, () -> {
            log.add("undo " + name);
            if (failUndo) {
                throw new IllegalStateException(name + " undo broke");
            }
        });
    }

    @Test
    void failureUndoesAppliedStepsAndTheFailedOneInReverse() {
        var p = new Provisioner(Provisioner.Listener.NONE);
        assertThatThrownBy(() -> p.apply(List.of(step("a", false, false), step("b", false, true),
                step("c", true, false), step("d", false, false))))
                .isInstanceOf(ProvisionException.class)
                .hasMessage("step 'c' failed: c broke")
                .satisfies(e -> assertThat(e.getSuppressed()).extracting(Throwable::getMessage)
                        .containsExactly("step 'undo b' failed: b undo broke"));
        assertThat(log).containsExactly("apply a", "apply b", "apply c", "undo c", "undo b", "undo a");
    }

    @Test
    void undoRunsAllInReverseAndReportsEveryFailure() {
        var p = new Provisioner(Provisioner.Listener.NONE);
        assertThatThrownBy(() -> p.undo(List.of(step("a", false, true), step("b", false, false),
                step("c", false, true))))
                .hasMessageContaining("undo c")
                .satisfies(e -> assertThat(e.getSuppressed()).hasSize(1));
        assertThat(log).containsExactly("undo c", "undo b", "undo a");
    }

    @Test
    void theListenerHearsOfEachStepsEndButNotOfAFailedOneNorOfUndos() {
        List<String> seen = new ArrayList<>();
        Provisioner.Listener listener = new Provisioner.Listener() {
            @Override
            public void stepStarted(String name) {
                seen.add("start " + name);
            }

            @Override
            public void stepFinished(String name) {
                seen.add("end " + name);
            }
        };
        List<String> also = new ArrayList<>();
        var p = new Provisioner(listener.and(also::add));
        assertThatThrownBy(() -> p.apply(List.of(step("a", false, false), step("b", true, false))));
        assertThat(seen).containsExactly("start a", "end a", "start b");
        assertThat(also).containsExactly("a", "b");
    }

    @Test
    void successAppliesAllInOrderAndTellsTheListener() {
        List<String> seen = new ArrayList<>();
        new Provisioner(seen::add).apply(List.of(step("a", false, false), step("b", false, false)));
        assertThat(log).containsExactly("apply a", "apply b");
        assertThat(seen).containsExactly("a", "b");
    }

    @Test
    void aFailedUndoThatMakesTheRestDangerousStopsTheRollbackAndSaysHowToFinish() {
        var p = new Provisioner(Provisioner.Listener.NONE);
        Step guard = step("start", false, true).stopsRollbackIfUndoFails("virtseed down vs-x");
        assertThatThrownBy(() -> p.apply(List.of(step("disk", false, false), step("define", false, false), guard,
                step("mark", true, false))))
                .isInstanceOf(ProvisionException.class)
                .hasMessageStartingWith("step 'mark' failed: mark broke; rollback stopped after undo of 'start' failed")
                .hasMessageContaining("left in place: define, disk")
                .hasMessageEndingWith("finish with: virtseed down vs-x")
                .satisfies(e -> assertThat(e.getSuppressed()).extracting(Throwable::getMessage)
                        .containsExactly("step 'undo start' failed: start undo broke"));
        assertThat(log).containsExactly("apply disk", "apply define", "apply start", "apply mark", "undo mark",
                "undo start");
    }

    @Test
    void teardownStopsAtTheSameUndo() {
        var p = new Provisioner(Provisioner.Listener.NONE);
        assertThatThrownBy(() -> p.undo(List.of(step("disk", false, false),
                step("start", false, true).stopsRollbackIfUndoFails("virtseed down vs-x"), step("mark", false, true))))
                .hasMessageStartingWith("step 'undo mark' failed: mark undo broke; rollback stopped after undo of 'start'")
                .hasMessageContaining("left in place: disk")
                .satisfies(e -> assertThat(e.getSuppressed()).hasSize(1));
        assertThat(log).containsExactly("undo mark", "undo start");
    }

    @Test
    void undosRunWithTheInterruptFlagClearedAndItIsSetAgainAfter() {
        List<Boolean> interruptedDuringUndo = new ArrayList<>();
        Step interrupted = Step.of("wait", () -> {
            Thread.currentThread().interrupt();
            throw new InterruptedException("stopped by Ctrl-C");
        }, () -> interruptedDuringUndo.add(Thread.currentThread().isInterrupted()));
        Step earlier = Step.of("disk", () -> { }, () -> interruptedDuringUndo.add(Thread.currentThread().isInterrupted()));
        try {
            assertThatThrownBy(() -> new Provisioner(Provisioner.Listener.NONE).apply(List.of(earlier, interrupted)))
                    .hasMessageContaining("stopped by Ctrl-C");
            assertThat(interruptedDuringUndo).containsExactly(false, false);
            assertThat(Thread.currentThread().isInterrupted()).isTrue();
        } finally {
            Thread.interrupted();
        }
    }

    @Test
    void anErrorStillRollsBackAndIsThrownAsItself(@TempDir Path dir) {
        Path half = dir.resolve("half-written");
        StackOverflowError error = new StackOverflowError("deep");
        Step writes = Step.of("write", () -> {
            Files.writeString(half, "part"); // half done when the error strikes
            throw error;
        }, () -> Files.deleteIfExists(half));
        assertThatThrownBy(() -> new Provisioner(Provisioner.Listener.NONE).apply(List.of(step("a", false, true), writes)))
                .isSameAs(error)
                .satisfies(e -> assertThat(e.getSuppressed()).extracting(Throwable::getMessage)
                        .containsExactly("step 'undo a' failed: a undo broke"));
        assertThat(half).doesNotExist();
        assertThat(log).containsExactly("apply a", "undo a");
    }

    @Test
    void halfDoneWorkOfTheFailedStepIsUndone(@TempDir Path dir) throws IOException {
        Path made = dir.resolve("made");
        Step half = Step.of("make", () -> {
            Files.createDirectory(made);
            Files.writeString(made.resolve("part"), "x");
            throw new IOException("disk full");
        }, () -> {
            Files.deleteIfExists(made.resolve("part"));
            Files.deleteIfExists(made);
        });
        assertThatThrownBy(() -> new Provisioner(Provisioner.Listener.NONE).apply(List.of(half)))
                .hasMessage("step 'make' failed: disk full");
        assertThat(made).doesNotExist();
    }
}
