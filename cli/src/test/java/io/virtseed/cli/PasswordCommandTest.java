package io.virtseed.cli;

import static org.assertj.core.api.Assertions.assertThat;

import io.virtseed.core.metadata.PasswordDecryption;
import io.virtseed.core.metadata.PasswordFile;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyFactory;
import java.security.interfaces.RSAPrivateCrtKey;
import java.security.spec.RSAPublicKeySpec;
import java.util.Base64;
import java.util.concurrent.TimeUnit;
import javax.crypto.Cipher;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

/** get-password decrypts what cloudbase-init posted; password clear forgets it. */
class PasswordCommandTest {

    @TempDir
    Path tmp;

    @Test
    void getPasswordDecryptsAndClearForgets() throws Exception {
        Path dir = Files.createDirectories(tmp.resolve("state/instances/w1"));
        Path key = tmp.resolve("vs-key");
        Process p = new ProcessBuilder("ssh-keygen", "-q", "-t", "rsa", "-b", "2048", "-N", "", "-m", "PEM", "-f",
                key.toString()).redirectErrorStream(true).start();
        assertThat(p.waitFor(60, TimeUnit.SECONDS) && p.exitValue() == 0).isTrue();
        PasswordFile.write(dir, encrypt("Win-Pa55 word", Files.readString(key)));

        Run got = run("get-password", "w1", "--key", key.toString());
        assertThat(got.code()).as(got.err()).isZero();
        assertThat(got.out()).isEqualTo("Win-Pa55 word\n");

        assertThat(run("password", "clear", "w1").code()).isZero();
        assertThat(PasswordFile.read(dir)).isEmpty();
        Run none = run("get-password", "w1", "--key", key.toString());
        assertThat(none.code()).isNotZero();
        assertThat(none.err()).contains("has not posted a password");
        assertThat(run("get-password", "nosuch", "--key", key.toString()).code()).isNotZero();
    }

    private record Run(int code, String out, String err) {
    }

    private Run run(String... args) {
        StringWriter out = new StringWriter();
        StringWriter err = new StringWriter();
        CommandLine cl = CommandLines.all(new Wiring.Lazy());
        // until VirtseedCommand lists them
        if (!cl.getSubcommands().containsKey("get-password")) {
            cl.addSubcommand(new PasswordCommand.GetPassword());
        }
        if (!cl.getSubcommands().containsKey("password")) {
            cl.addSubcommand(new PasswordCommand());
        }
        cl.setOut(new PrintWriter(out, true));
        cl.setErr(new PrintWriter(err, true));
        String[] argv = new String[args.length + 2];
        argv[0] = "--state-dir";
        argv[1] = tmp.resolve("state").toString();
        System.arraycopy(args, 0, argv, 2, args.length);
        return new Run(cl.execute(argv), out.toString(), err.toString());
    }

    /** As cloudbase-init does: RSA PKCS#1 v1.5 under the public key, base64. */
    private static byte[] encrypt(String password, String privatePem) throws Exception {
        RSAPrivateCrtKey k = (RSAPrivateCrtKey) PasswordDecryption.privateKey(privatePem);
        var pub = KeyFactory.getInstance("RSA").generatePublic(new RSAPublicKeySpec(k.getModulus(),
                k.getPublicExponent()));
        Cipher c = Cipher.getInstance("RSA/ECB/PKCS1Padding");
        c.init(Cipher.ENCRYPT_MODE, pub);
        return Base64.getEncoder().encode(c.doFinal(password.getBytes(StandardCharsets.UTF_8)));
    }
}
