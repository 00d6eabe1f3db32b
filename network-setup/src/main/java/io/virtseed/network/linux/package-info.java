/**
 * Networks made of Linux parts through {@code ip}, {@code iptables}, {@code sysctl} and
 * {@code dnsmasq}: {@link io.virtseed.network.linux.LinuxNetworkProvisioner} and the pieces it
 * ensures one by one (host links, the namespace, the host's chains, dnsmasq), plus
 * {@link io.virtseed.network.linux.HostScan}, which finds what a network left on the host.
 */
package io.virtseed.network.linux;
