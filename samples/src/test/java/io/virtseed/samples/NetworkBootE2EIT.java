package io.virtseed.samples;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

/**
 * Boots the Debian test guest on a virtseed network: once with DHCP and once with a static
 * address from {@code network_data.json}. The guest prints its address and its route to
 * 169.254.169.254 on the console, then connects to 169.254.169.254:80 from its own address and
 * from a forged one: a listener on the metadata port inside the network's namespace must see the
 * first (through the DNAT, source kept) and never the second (libvirt's clean-traffic filter).
 */
@Tag("e2e")
class NetworkBootE2EIT {

    private static final String NET = "vse2enet";
    private static final String FORGED = "10.252.3.99";
    /** Runs in the guest: prints what the test checks to the serial console. */
    private static final String PROBE = """
            import socket, subprocess
            def run(*argv):
                return " ".join(subprocess.run(list(argv), capture_output=True, text=True).stdout.split())
            def connect(src):
                s = socket.socket()
                s.settimeout(5)
                try:
                    if src:
                        s.bind((src, 0))
                    s.connect(("169.254.169.254", 80))
                    s.close()
                    return "ok"
                except OSError as e:
                    return "failed-" + type(e).__name__
            out = open("/dev/ttyS0", "w")
            addr = run("ip", "-4", "-o", "addr", "show", "scope", "global")
            print("VS_NET addr=" + addr, file=out, flush=True)
            print("VS_NET route=" + run("ip", "route", "get", "169.254.169.254"), file=out, flush=True)
            print("VS_NET real=" + connect(None), file=out, flush=True)
            dev = addr.split()[1]
            subprocess.run(["ip", "addr", "add", "FORGED/24", "dev", dev])
            print("VS_NET forged=" + connect("FORGED"), file=out, flush=True)
            """.replace("FORGED", FORGED);
    /** Runs in the network's namespace on the metadata port: logs each peer's address. */
    private static final String LISTENER = """
            import socket, sys
            s = socket.socket()
            s.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
            s.bind((sys.argv[1], 8775))
            s.listen(16)
            log = open(sys.argv[2], "a", buffering=1)
            while True:
                c, peer = s.accept()
                log.write(peer[0] + "\\n")
                c.close()
            """;

    private GuestHarness harness;
    private Process listener;

    @BeforeEach
    void setUp() throws Exception {
        harness = new GuestHarness();
    }

    @AfterEach
    void tearDown() throws Exception {
        if (listener != null) {
            listener.destroyForcibly().waitFor(10, TimeUnit.SECONDS);
        }
        harness.close();
    }

    @Test
    void guestsTakeTheirAddressesRouteToTheMetadataServiceAndCannotForgeTheirSource() throws Exception {
        var create = harness.cli().run(120, "net", "create", NET, "--cidr", "10.252.3.0/24");
        assertThat(create.exitCode()).as(create.all()).isZero();
        var show = harness.cli().run(60, "net", "show", NET, "-o", "json");
        String ns = field(show.stdout(), "namespace");
        Path seen = harness.writeSpec("seen.log", "");
        listener = new ProcessBuilder("ip", "netns", "exec", ns, "/usr/bin/python3", "-c", LISTENER, "10.252.3.2",
                seen.toString()).redirectErrorStream(true).redirectOutput(seen.resolveSibling("listener.out").toFile())
                .start();

        String dhcp = boot("vs-e2e-dhcp", "networks: [ { network: " + NET + " } ]");
        assertThat(dhcp).contains("VS_NET addr=2: ").containsPattern("VS_NET addr=\\S+ \\S+ inet 10\\.252\\.3\\.10/24");
        assertThat(dhcp).containsPattern("VS_NET route=169\\.254\\.169\\.254 via 10\\.252\\.3\\.2 ");
        assertThat(dhcp).contains("VS_NET real=ok", "VS_NET forged=failed-");
        List<String> peers = Files.readAllLines(seen);
        assertThat(peers).contains("10.252.3.10").doesNotContain(FORGED);

        String fixed = boot("vs-e2e-static", "networks: [ { network: " + NET + ", ip: 10.252.3.50, dhcp: false } ]");
        assertThat(fixed).containsPattern("VS_NET addr=\\S+ \\S+ inet 10\\.252\\.3\\.50/24");
        assertThat(fixed).containsPattern("VS_NET route=169\\.254\\.169\\.254 via 10\\.252\\.3\\.2 ");
        assertThat(Files.readAllLines(seen)).contains("10.252.3.50");

        harness.assertDownLeavesNothing("vs-e2e-dhcp");
        harness.assertDownLeavesNothing("vs-e2e-static");
        var rm = harness.cli().run(120, "net", "rm", NET);
        assertThat(rm.exitCode()).as(rm.all()).isZero();
        var netns = new ProcessBuilder("ip", "netns", "list").redirectErrorStream(true).start();
        assertThat(new String(netns.getInputStream().readAllBytes())).doesNotContain(ns);
    }

    private String boot(String name, String networks) throws Exception {
        String probe = PROBE.indent(8);
        Path spec = harness.writeSpec(name + ".yaml", "name: " + name + "\n" + GuestHarness.guestLines() + networks
                + "\n" + """
                user_data: |
                  #cloud-config
                  write_files:
                    - path: /usr/local/bin/vs-net-probe
                      permissions: "0755"
                      content: |
                %s  runcmd:
                    - [ /usr/bin/python3, /usr/local/bin/vs-net-probe ]
                """.formatted(probe));
        var up = harness.up(spec, name, "5m");
        String log = harness.console(name);
        assertThat(up.exitCode()).as(up.all() + "\nconsole:\n" + GuestHarness.tail(log)).isZero();
        GuestHarness.assertReady(up, name);
        return log;
    }

    private static String field(String json, String key) {
        Matcher m = Pattern.compile("\"" + key + "\" : \"([^\"]+)\"").matcher(json);
        assertThat(m.find()).as(json).isTrue();
        return m.group(1);
    }
}
