package io.virtseed.cli;

import io.virtseed.core.error.NotFoundException;
import io.virtseed.core.error.SpecException;
import io.virtseed.core.lifecycle.Networks;
import io.virtseed.core.spec.NetworkMode;
import io.virtseed.core.spec.NetworkSpec;
import io.virtseed.core.state.NetworkRecord;
import io.virtseed.core.value.IpAddress;
import io.virtseed.core.value.Ipv4Cidr;
import io.virtseed.core.value.Ipv6Prefix;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.OptionalInt;
import java.util.function.Function;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

@Command(name = "net", description = "Manage networks: a bridge, a namespace with DHCP and the metadata address.",
        subcommands = {NetCommand.Create.class, NetCommand.Ls.class, NetCommand.Show.class, NetCommand.Rm.class})
final class NetCommand {

    @Command(name = "create", description = "Create a network (a second identical create changes nothing).")
    static final class Create extends WiredCommand {
        @Parameters(index = "0", paramLabel = "NAME")
        String name;

        @Option(names = "--cidr", required = true, paramLabel = "CIDR", description = "IPv4 range, like 10.88.0.0/24.")
        String cidr;

        @Option(names = "--cidr6", paramLabel = "PREFIX", description = "IPv6 /64 for SLAAC, like fd00:88::/64.")
        String cidr6;

        @Option(names = "--mode", defaultValue = "isolated", paramLabel = "MODE",
                description = "isolated (default), nat or bridged.")
        String mode;

        @Option(names = "--bridge", paramLabel = "BR", description = "The existing bridge a bridged network joins.")
        String bridge;

        @Option(names = "--dns", split = ",", paramLabel = "IP", description = "Name servers handed out by DHCP.")
        List<String> dns = new ArrayList<>();

        @Option(names = "--domain", paramLabel = "D", description = "Search domain handed out by DHCP.")
        String domain;

        @Option(names = "--mtu", paramLabel = "N", description = "Link MTU (DHCP option 26, the bridge, guest NICs).")
        Integer mtu;

        @Option(names = "--ntp", split = ",", paramLabel = "IP", description = "NTP servers handed out by DHCP.")
        List<String> ntp = new ArrayList<>();

        @Option(names = "--dhcp", negatable = true, description = "Serve DHCP (bridged networks: off unless asked).")
        Boolean dhcp;

        @Override
        int execute(Wiring wiring) {
            NetworkSpec spec = spec();
            Networks networks = wiring.virtseed().networks();
            boolean existed = networks.find(name).isPresent();
            NetworkRecord r = networks.create(spec, Optional.empty());
            out().println(r.name() + (existed ? " exists" : " created") + " (" + r.mode().name().toLowerCase(Locale.ROOT)
                    + " " + r.cidr() + ", bridge " + r.bridge() + ")");
            return ExitCodes.OK;
        }

        private NetworkSpec spec() {
            NetworkMode m = parse("--mode", mode, t -> NetworkMode.valueOf(t.toUpperCase(Locale.ROOT)));
            try {
                return new NetworkSpec(name, parse("--cidr", cidr, Ipv4Cidr::parse),
                        Optional.ofNullable(cidr6).map(c -> parse("--cidr6", c, Ipv6Prefix::parse)), m,
                        Optional.ofNullable(bridge), addresses("--dns", dns), Optional.ofNullable(domain),
                        mtu == null ? OptionalInt.empty() : OptionalInt.of(mtu), addresses("--ntp", ntp),
                        dhcp == null ? m != NetworkMode.BRIDGED : dhcp);
            } catch (IllegalArgumentException e) {
                throw new SpecException(e.getMessage(), e);
            }
        }

        private static List<IpAddress> addresses(String option, List<String> texts) {
            return texts.stream().map(t -> parse(option, t, IpAddress::parse)).toList();
        }

        private static <T> T parse(String option, String text, Function<String, T> f) {
            try {
                return f.apply(text);
            } catch (IllegalArgumentException e) {
                throw new SpecException(option + ": " + e.getMessage(), e);
            }
        }
    }

    @Command(name = "ls", description = "List networks.")
    static final class Ls extends WiredCommand {
        @Option(names = {"-o", "--output"}, defaultValue = "table", description = "table or json")
        OutputFormat output;

        @Override
        int execute(Wiring wiring) {
            Networks networks = wiring.virtseed().networks();
            List<NetworkRecord> all = networks.list();
            if (output == OutputFormat.JSON) {
                out().println(NetViews.json(all, networks));
            } else {
                out().print(NetViews.table(all, networks));
            }
            return ExitCodes.OK;
        }
    }

    @Command(name = "show", description = "Show one network: its range, host names and instances.")
    static final class Show extends WiredCommand {
        @Parameters(index = "0", paramLabel = "NAME")
        String name;

        @Option(names = {"-o", "--output"}, defaultValue = "table", description = "table or json")
        OutputFormat output;

        @Override
        int execute(Wiring wiring) {
            Networks networks = wiring.virtseed().networks();
            NetworkRecord r = networks.find(name).orElseThrow(() -> new NotFoundException("no network named '" + name + "'"));
            out().print(output == OutputFormat.JSON ? NetViews.json(List.of(r), networks) + "\n" : NetViews.details(r, networks));
            return ExitCodes.OK;
        }
    }

    @Command(name = "rm", description = "Remove a network (refused while instances use it).")
    static final class Rm extends WiredCommand {
        @Parameters(arity = "1..*", paramLabel = "NAME")
        List<String> names;

        @Override
        int execute(Wiring wiring) {
            for (String n : names) {
                wiring.virtseed().networks().remove(n);
                out().println(n + " removed");
            }
            return ExitCodes.OK;
        }
    }
}
