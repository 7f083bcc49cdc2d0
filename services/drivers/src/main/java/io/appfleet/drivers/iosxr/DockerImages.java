package io.appfleet.drivers.iosxr;

import io.appfleet.drivers.parse.OutputLines;
import io.appfleet.drivers.parse.OutputLines.Line;
import io.appfleet.drivers.parse.ParseException;

import java.util.ArrayList;
import java.util.List;

/**
 * {@code docker images} from XR bash (fixture iosxr-6x-docker-run-ps-1 shows its header): which
 * images the 6.x docker profile has pulled. Cut by the header's word positions, like
 * {@link DockerPs}; docker before 1.10 calls the last column "VIRTUAL SIZE".
 */
public record DockerImages(List<Image> images) {

    public record Image(String repository, String tag, String imageId, String created, String size) {

        /** "repository:tag", as {@link DockerCommands#imageKey} names a reference. */
        public String key() {
            return repository + ":" + tag;
        }
    }

    private static final String[] COLUMNS = {"REPOSITORY", "TAG", "IMAGE ID", "CREATED", "SIZE"};

    public static DockerImages parse(String output) {
        List<Line> lines = OutputLines.of(output).all();
        int header = -1;
        for (int i = 0; i < lines.size(); i++) {
            if (lines.get(i).text().startsWith("REPOSITORY")) {
                header = i;
            }
        }
        if (header < 0) {
            Line first = lines.stream().filter(l -> !l.isBlank()).findFirst().orElse(null);
            throw new ParseException("no 'docker images' header (REPOSITORY TAG …)", first == null ? 0 : first.number(),
                    first == null ? null : first.text());
        }
        Line head = lines.get(header);
        int[] starts = new int[COLUMNS.length];
        int from = 0;
        for (int i = 0; i < COLUMNS.length; i++) {
            String name = i == COLUMNS.length - 1 && head.text().indexOf("VIRTUAL SIZE", from) >= 0 ? "VIRTUAL SIZE" : COLUMNS[i];
            starts[i] = head.text().indexOf(name, from);
            if (starts[i] < 0) {
                throw new ParseException("'docker images' header lacks column " + COLUMNS[i], head.number(), head.text());
            }
            from = starts[i] + name.length();
        }
        List<Image> images = new ArrayList<>();
        for (Line l : lines.subList(header + 1, lines.size())) {
            if (l.isBlank() || XrOutput.isBashPrompt(l.text()) || OutputLines.isPrompt(l.text())) {
                break;
            }
            String[] c = new String[COLUMNS.length];
            for (int i = 0; i < COLUMNS.length; i++) {
                int start = starts[i];
                int end = i + 1 < COLUMNS.length ? starts[i + 1] : l.text().length();
                if (start > l.text().length() || start > 0 && l.text().charAt(start - 1) != ' ') {
                    throw new ParseException("'docker images' row does not line up with its header", l.number(), l.text());
                }
                c[i] = l.text().substring(start, Math.max(start, Math.min(end, l.text().length()))).trim();
            }
            if (c[0].isEmpty() || c[1].isEmpty() || !c[2].matches("(sha256:)?[0-9a-f]{12,64}")) {
                throw new ParseException("not a 'docker images' row", l.number(), l.text());
            }
            images.add(new Image(c[0], c[1], c[2], c[3], c[4]));
        }
        return new DockerImages(List.copyOf(images));
    }
}
