package io.virtseed.cli;

import java.util.UUID;

/**
 * Spec texts for the {@code drive} command tests: one instance with every field a config drive
 * carries, and two NICs (static IPv4 + IPv6 with a fixed MAC, DHCP with a fixed MAC).
 */
final class DriveSpecs {

    static final UUID INSTANCE = UUID.fromString("6a0f3c1e-5b7d-4e2a-9c18-3f4d5e6a7b8c");
    static final String ED25519 =
            "ssh-ed25519 AAAAC3NzaC1lZDI1NTE5AAAAIHssp8Df8X0xoXExBXWZMpVcc7x0qu34shVpGgXXyajq alice@test";
    static final String RSA = "ssh-rsa AAAAB3NzaC1yc2EAAAADAQABAAABAQDlRFsTKK1iEuqHvEUKBj6S7h0tjLv2kjIkU3jdYPbsXaVrq/"
            + "qinvT8x4pwMMq21LKnnG5LdGIHMhVehg4Ep+8IpKzyuklNfDfkPWyJRRbOpdW3mWizyv9yTT+m8bclx/ll3fqVSEotkToeYekB6B"
            + "gM3INj6a7GCBphMd/kC1/i4V8j52abYK5UJlOc2KKxbr2vH89ZFGdZfCCKY6iDb7QH+tvhSU4t7MxdLmG+sguzISwns5sW7YwF0k"
            + "ZyhSUmmYYrjVyiRrlZgaH03dZD5e3kYuwZTOd8waHu9cAT2ff68gyI5fJqSTL3tKyW5YcA5+/sfdPSFlcd+tVITanJy6SD bob@test";
    static final String MAC0 = "52:54:00:88:00:0a";
    static final String MAC1 = "52:54:00:88:00:0b";
    static final String PASSWORD = "s3cret-Pa55";
    static final String USER_DATA = """
            #cloud-config
            runcmd: [ [ sh, -c, "echo vs-drive-ready" ] ]
            """;

    private DriveSpecs() {
    }

    /** One instance with hostname, keys, meta, password, files, user and vendor data, two NICs. */
    static String full() {
        return """
                name: drv1
                hostname: drv1.lab.example
                ssh_keys:
                  - %s
                  - %s
                meta: { role: web, tier: "1" }
                password: %s
                files:
                  - { path: /etc/motd, content: "hello from virtseed\\n" }
                  - { path: /etc/vs/app.conf, content: "answer=42\\n" }
                user_data: |
                %s\
                vendor_data: { cloud-init: "#cloud-config\\nruncmd: [ [ echo, vs-vendor ] ]\\n" }
                networks:
                  - network: lab
                    mac: "%s"
                    dhcp: false
                    ip: 10.88.0.10/24
                    gateway: 10.88.0.1
                    dns: [ 10.88.0.1, 9.9.9.9 ]
                    ip6: 2001:db8::10/64
                    gateway6: "2001:db8::1"
                  - network: lab
                    mac: "%s"
                """.formatted(ED25519, RSA, PASSWORD, USER_DATA.indent(2), MAC0, MAC1);
    }
}
