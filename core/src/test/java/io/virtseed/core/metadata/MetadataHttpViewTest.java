package io.virtseed.core.metadata;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;

/**
 * The HTTP answers, compared with a golden transcript per instance under
 * {@code src/test/resources/metadata/<name>/http-answers.txt} ({@code -Dvirtseed.updateGoldens=true}
 * rewrites them after a deliberate change).
 */
class MetadataHttpViewTest {

    private static final byte[] NONE = new byte[0];
    private static final byte[] STORED = "c2VjcmV0".getBytes(StandardCharsets.US_ASCII);

    private static final List<HttpRequest> TYPICAL = List.of(get("/"), get("/openstack"), get("/openstack/"),
            get("/openstack/latest"), get("/openstack/2012-08-10/"), get("/openstack/2013-04-04"),
            get("/openstack/2016-10-06/"), get("/openstack/latest/meta_data.json"),
            get("/openstack/2012-08-10/meta_data.json"), get("/openstack/latest/user_data"),
            get("/openstack/latest/network_data.json"), get("/openstack/latest/vendor_data.json"),
            get("/openstack/latest/vendor_data2.json"), get("/openstack/2012-08-10/vendor_data.json"),
            get("/openstack/content/0000"), get("/openstack/content"), get("/openstack/2099-01-01/meta_data.json"),
            get("/latest"), get("/latest/"), get("/latest/meta-data/"), get("/latest/meta-data"),
            get("/latest/meta-data/public-keys"), get("/latest/meta-data/public-keys/"),
            get("/latest/meta-data/public-keys/0"), get("/latest/meta-data/public-keys/0/openssh-key"),
            get("/latest/meta-data/public-keys/1/openssh-key"), get("/latest/meta-data/block-device-mapping/"),
            get("/latest/meta-data/block-device-mapping/root"), get("/latest/meta-data/placement/availability-zone"),
            get("/latest/meta-data/security-groups"), get("/latest/meta-data/instance-id?x=1"),
            get("/latest/meta-data/local-ipv4"), get("/latest/user-data"), get("/1.0/meta-data/"),
            get("/2007-12-15/meta-data/"), get("/2009-04-04/meta-data/instance-id"),
            get("/2021-03-23/meta-data/instance-id"), get("/latest/meta-data/nope"), get("/latest/../openstack"),
            get("//openstack//latest/./meta_data.json"), new HttpRequest("POST", "/openstack/latest/meta_data.json",
                    NONE, Optional.empty()), new HttpRequest("DELETE", "/latest/meta-data/", NONE, Optional.empty()),
            new HttpRequest("PUT", "/latest/api/token", NONE, Optional.empty()),
            new HttpRequest("PUT", "/latest/api/token", NONE, Optional.of("21601")),
            get("/latest/api/token"), HttpRequest.post("/virtseed/ready", bytes("instance_id=x")),
            get("/virtseed/ready"));

    private static final List<HttpRequest> BARE = List.of(get("/openstack/latest"), get("/latest"),
            get("/latest/meta-data/"), get("/latest/user-data"), get("/openstack/latest/user_data"),
            get("/latest/meta-data/public-keys"), get("/openstack/latest/meta_data.json"));

    @Test
    void typicalInstanceAnswersMatchGolden() throws IOException {
        assertGolden(MetadataHttpView.of(MetadataFixtures.typical()), TYPICAL, "typical/http-answers.txt");
    }

    @Test
    void bareInstanceAnswersMatchGolden() throws IOException {
        assertGolden(MetadataHttpView.of(MetadataFixtures.bare().build()), BARE, "bare-http-answers.txt");
    }

    @Test
    void nothingServedHoldsThePasswordOrInjectedFiles() {
        MetadataHttpView view = MetadataHttpView.of(MetadataFixtures.typical());
        for (HttpRequest r : TYPICAL) {
            String body = new String(view.answer(r, NONE).body(), StandardCharsets.UTF_8);
            assertThat(body).as(r.uri()).doesNotContain(MetadataFixtures.PASSWORD, "admin_pass", "hello from virtseed",
                    "content_path");
        }
    }

    @Test
    void passwordFollowsNovasRules() {
        MetadataHttpView view = MetadataHttpView.of(MetadataFixtures.typical());
        String path = "/openstack/2013-04-04/password";
        assertThat(view.answer(get(path), NONE).body()).isEmpty();
        assertThat(view.answer(get(path), STORED).body()).isEqualTo(STORED);
        HttpAnswer first = view.answer(HttpRequest.post(path, STORED), NONE);
        assertThat(first.status()).isEqualTo(200);
        assertThat(first.effect()).isEqualTo(HttpAnswer.Effect.STORE_PASSWORD);
        assertThat(view.answer(HttpRequest.post(path, STORED), STORED).status()).isEqualTo(409);
        assertThat(view.answer(HttpRequest.post(path, new byte[1021]), NONE).status()).isEqualTo(400);
        assertThat(view.answer(HttpRequest.post(path, new byte[1021]), STORED).status()).as("conflict first")
                .isEqualTo(409);
        assertThat(view.answer(HttpRequest.post(path, new byte[1020]), NONE).status()).isEqualTo(200);
        assertThat(view.answer(new HttpRequest("PUT", path, STORED, Optional.empty()), NONE).status()).isEqualTo(400);
        assertThat(view.answer(HttpRequest.post("/openstack/2012-08-10/password", STORED), NONE).status())
                .as("no password before 2013-04-04").isEqualTo(400);
        assertThat(view.answer(get("/openstack/2012-08-10/password"), NONE).status()).isEqualTo(404);
    }

    @Test
    void tokenIsFreshAndNeverRequired() {
        MetadataHttpView view = MetadataHttpView.of(MetadataFixtures.typical());
        HttpRequest put = new HttpRequest("PUT", "/latest/api/token", NONE, Optional.of("21600"));
        HttpAnswer a = view.answer(put, NONE);
        assertThat(a.status()).isEqualTo(200);
        assertThat(new String(a.body(), StandardCharsets.US_ASCII)).matches("[A-Za-z0-9_-]{43}");
        assertThat(view.answer(put, NONE).body()).isNotEqualTo(a.body());
    }

    @Test
    void versionsShareEqualContent() {
        MetadataHttpView view = MetadataHttpView.of(MetadataFixtures.typical());
        assertThat(view.contentBytes()).isLessThan(MetadataFixtures.typical().httpTree().contentBytes() / 2);
    }

    private static void assertGolden(MetadataHttpView view, List<HttpRequest> requests, String name) throws IOException {
        StringBuilder out = new StringBuilder();
        for (HttpRequest r : requests) {
            HttpAnswer a = view.answer(r, NONE);
            boolean token = r.uri().endsWith("/api/token") && a.status() == 200;
            out.append(r.method()).append(' ').append(r.uri()).append(r.tokenTtl().map(t -> " ttl=" + t).orElse(""))
                    .append("\n-> ").append(a.status()).append(' ').append(a.contentType()).append(' ')
                    .append(a.effect()).append('\n')
                    .append(token ? "<random token>" : new String(a.body(), StandardCharsets.UTF_8)).append("\n\n");
        }
        Path golden = Path.of("src", "test", "resources", "metadata", name);
        if (Boolean.getBoolean("virtseed.updateGoldens")) {
            Files.createDirectories(golden.getParent());
            Files.writeString(golden, out);
        }
        assertThat(out.toString()).isEqualTo(Files.readString(golden));
    }

    private static HttpRequest get(String uri) {
        return HttpRequest.get(uri);
    }

    private static byte[] bytes(String s) {
        return s.getBytes(StandardCharsets.UTF_8);
    }
}
