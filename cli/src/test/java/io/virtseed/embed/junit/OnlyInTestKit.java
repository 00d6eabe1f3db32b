package io.virtseed.embed.junit;

import org.junit.jupiter.api.extension.ConditionEvaluationResult;
import org.junit.jupiter.api.extension.ExecutionCondition;
import org.junit.jupiter.api.extension.ExtensionContext;

/**
 * Runs an example class only when {@link VirtseedExtensionTest} runs it through EngineTestKit:
 * the build's own test run finds nested classes too, and some examples fail on purpose.
 */
final class OnlyInTestKit implements ExecutionCondition {

    static final String PARAMETER = "virtseed.testkit";

    @Override
    public ConditionEvaluationResult evaluateExecutionCondition(ExtensionContext context) {
        return context.getConfigurationParameter(PARAMETER).filter("true"::equals).isPresent()
                ? ConditionEvaluationResult.enabled("run by VirtseedExtensionTest")
                : ConditionEvaluationResult.disabled("an example for VirtseedExtensionTest, run only by it");
    }
}
