package io.virtseed.libvirt.connect;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

/**
 * Reading UEFI support out of domain capabilities. The shape is what libvirt 9 on Debian 12
 * reports for q35 with the ovmf package installed; the other cases take away one part each.
 */
class FirmwareCapabilityTest {

    private static String os(String firmwareValues, String secureValues) {
        return """
                <domainCapabilities>
                  <machine>pc-q35-7.2</machine>
                  <os supported='yes'>
                    <enum name='firmware'>
                      %s
                    </enum>
                    <loader supported='yes'>
                      <value>/usr/share/OVMF/OVMF_CODE_4M.fd</value>
                      <enum name='type'>
                        <value>rom</value>
                        <value>pflash</value>
                      </enum>
                      <enum name='readonly'>
                        <value>yes</value>
                        <value>no</value>
                      </enum>
                      <enum name='secure'>
                        %s
                      </enum>
                    </loader>
                  </os>
                </domainCapabilities>
                """.formatted(firmwareValues, secureValues);
    }

    @Test
    void efiFirmwareWithALoaderThatRunsWithoutSecureBootIsUefi() {
        assertThat(FirmwareCapability.offersUefi(os("<value>efi</value>", "<value>yes</value><value>no</value>")))
                .isTrue();
        assertThat(FirmwareCapability.offersUefi(os("<value>bios</value>\n<value>efi</value>", "<value>no</value>")))
                .isTrue();
    }

    @Test
    void noEfiValueMeansNoUefi() {
        assertThat(FirmwareCapability.offersUefi(os("<value>bios</value>", "<value>no</value>"))).isFalse();
        assertThat(FirmwareCapability.offersUefi(os("", "<value>no</value>"))).isFalse();
    }

    /** Only Secure Boot builds installed: {@code firmware='efi'} with secure boot off finds no loader. */
    @Test
    void onlySecureBootLoadersIsNotEnough() {
        assertThat(FirmwareCapability.offersUefi(os("<value>efi</value>", "<value>yes</value>"))).isFalse();
    }

    @Test
    void anUnsupportedLoaderOrNoOsElementIsNoUefi() {
        assertThat(FirmwareCapability.offersUefi(os("<value>efi</value>", "<value>no</value>")
                .replace("<loader supported='yes'>", "<loader supported='no'>"))).isFalse();
        assertThat(FirmwareCapability.offersUefi("<domainCapabilities><os supported='no'/></domainCapabilities>"))
                .isFalse();
    }
}
