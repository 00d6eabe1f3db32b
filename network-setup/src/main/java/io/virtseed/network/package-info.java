/**
 * Host networking for guests: per-network bridge, namespace and veth pair, DHCP, and the
 * metadata service behind 169.254.169.254. (The adapters land here with the network work.)
 */
package io.virtseed.network;
