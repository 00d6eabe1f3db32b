package io.virtseed.core.value;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class ImageNameTest {

    @ParameterizedTest
    @ValueSource(strings = {"debian-12", "a", "0", "ubuntu-24.04_min", "x.y"})
    void acceptsStoreFolderNames(String name) {
        assertThat(ImageName.isValid(name)).isTrue();
        assertThat(ImageName.of(name).value()).isEqualTo(name);
    }

    @ParameterizedTest
    @ValueSource(strings = {"", "Debian", "-x", ".x", "a/b", "a..b", "a b", "é"})
    void refusesWhatCouldNotBeAFolderInTheStore(String name) {
        assertThat(ImageName.isValid(name)).isFalse();
        assertThatThrownBy(() -> ImageName.of(name)).isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("invalid image name '" + name + "'");
    }

    @Test
    void sixtyFourCharactersAtMostAndNullIsNoName() {
        assertThat(ImageName.isValid("a".repeat(64))).isTrue();
        assertThat(ImageName.isValid("a".repeat(65))).isFalse();
        assertThat(ImageName.isValid(null)).isFalse();
    }
}
