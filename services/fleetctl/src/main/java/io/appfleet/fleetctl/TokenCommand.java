package io.appfleet.fleetctl;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.KeyPair;
import java.security.PrivateKey;
import java.time.Duration;
import java.time.format.DateTimeParseException;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.Callable;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import io.appfleet.platform.auth.ApiTokens;
import io.appfleet.platform.auth.JwtIssuer;
import io.appfleet.platform.auth.PemKeys;
import io.appfleet.platform.auth.Role;
import picocli.CommandLine.Command;
import picocli.CommandLine.ITypeConverter;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;
import picocli.CommandLine.TypeConversionException;

/** {@code fleetctl token …}: credentials for the API (docs/operations.md, Security). */
@Command(name = "token", mixinStandardHelpOptions = true,
        description = "Make credentials for the appfleet API: JWTs, API tokens, signing keys.",
        subcommands = { TokenCommand.Issue.class, TokenCommand.Generate.class, TokenCommand.Hash.class,
                TokenCommand.Keygen.class })
final class TokenCommand {

    private TokenCommand() {
    }

    /** Shared by the subcommands: messages prefixed with the command, exit 1. */
    abstract static class Base implements Callable<Integer> {

        @Spec
        CommandSpec spec;

        int fail(String message) {
            spec.commandLine().getErr().println(spec.qualifiedName() + ": " + message);
            spec.commandLine().getErr().flush();
            return 1;
        }

        void out(String line) {
            spec.commandLine().getOut().println(line);
            spec.commandLine().getOut().flush();
        }

        void err(String line) {
            spec.commandLine().getErr().println(line);
            spec.commandLine().getErr().flush();
        }
    }

    @Command(name = "issue", mixinStandardHelpOptions = true,
            description = "Sign a JWT with a private key and print it.")
    static final class Issue extends Base {

        @Option(names = "--role", required = true, split = ",", paramLabel = "<role>",
                converter = RoleConverter.class, description = "viewer or operator (repeat or separate with commas)")
        List<Role> roles;

        @Option(names = "--key", required = true, paramLabel = "<private.pem>",
                description = "PKCS#8 PEM private key, EC P-256 (ES256) or RSA (RS256); see 'token keygen'")
        Path key;

        @Option(names = "--issuer", defaultValue = JwtIssuer.DEFAULT_ISSUER, paramLabel = "<iss>",
                description = "must equal the service's mp.jwt.verify.issuer (default: ${DEFAULT-VALUE})")
        String issuer;

        @Option(names = "--audience", defaultValue = JwtIssuer.DEFAULT_AUDIENCE, paramLabel = "<aud>",
                description = "must be in the service's mp.jwt.verify.audiences (default: ${DEFAULT-VALUE})")
        String audience;

        @Option(names = "--ttl", defaultValue = "8h", paramLabel = "<duration>", converter = TtlConverter.class,
                description = "lifetime: 90s, 30m, 8h, 7d or ISO-8601 (PT8H); at most 366d (default: ${DEFAULT-VALUE})")
        Duration ttl;

        @Option(names = "--subject", paramLabel = "<name>",
                description = "who the token is for (sub, upn); default: the current user name")
        String subject;

        @Override
        public Integer call() {
            String pem;
            try {
                pem = Files.readString(key, StandardCharsets.US_ASCII);
            } catch (NoSuchFileException e) {
                return fail("no key file " + key + " ('fleetctl token keygen' makes one)");
            } catch (IOException e) {
                return fail("cannot read " + key + ": " + e.getMessage());
            }
            try {
                PrivateKey privateKey = PemKeys.readPrivateKey(pem);
                String who = subject != null ? subject : System.getProperty("user.name", "");
                out(new JwtIssuer(privateKey, issuer, audience).issue(who, roles, ttl));
                return 0;
            } catch (IllegalArgumentException e) {
                return fail(key + ": " + e.getMessage());
            }
        }
    }

    @Command(name = "generate", mixinStandardHelpOptions = true, description = {
            "Make a new API token. The token goes to stdout (give it to its user: it is shown only once);",
            "the lines for the service configuration go to stderr." })
    static final class Generate extends Base {

        private static final Pattern NAME = Pattern.compile("[a-z][a-z0-9-]{0,62}");

        @Option(names = "--name", required = true, paramLabel = "<name>",
                description = "who or what uses it (becomes the caller's name): lower case, digits, '-'")
        String name;

        @Option(names = "--role", required = true, paramLabel = "<role>", converter = RoleConverter.class,
                description = "viewer or operator")
        Role role;

        @Override
        public Integer call() {
            if (!NAME.matcher(name).matches()) {
                return fail("the name must be 1 to 63 of a-z, 0-9 and '-', starting with a letter: '" + name + "'");
            }
            String token = ApiTokens.generate();
            out(token);
            err("# add to the desired-state configuration (application.properties or -D):");
            err("appfleet.auth.tokens." + name + ".sha256=" + ApiTokens.sha256Hex(token));
            err("appfleet.auth.tokens." + name + ".role=" + role.id());
            return 0;
        }
    }

    @Command(name = "hash", mixinStandardHelpOptions = true, description = {
            "Print the SHA-256 of an API token for appfleet.auth.tokens.<name>.sha256.",
            "Without <token> (or with '-') the token is read from stdin, which keeps it out of the shell history." })
    static final class Hash extends Base {

        @Parameters(index = "0", arity = "0..1", paramLabel = "<token>", description = "the aft_ token, or - for stdin")
        String token;

        @Override
        public Integer call() {
            String value = token;
            if (value == null || value.equals("-")) {
                try {
                    value = new BufferedReader(new InputStreamReader(System.in, StandardCharsets.UTF_8)).readLine();
                } catch (IOException e) {
                    return fail("cannot read the token from stdin: " + e.getMessage());
                }
                if (value == null) {
                    return fail("no token on stdin");
                }
            }
            value = value.trim();
            if (!ApiTokens.wellFormed(value)) {
                return fail("not an API token: they start with " + ApiTokens.PREFIX
                        + " followed by base64url characters ('fleetctl token generate' makes one)");
            }
            out(ApiTokens.sha256Hex(value));
            return 0;
        }
    }

    @Command(name = "keygen", mixinStandardHelpOptions = true, description = {
            "Write a new JWT signing key pair: <dir>/jwt-private.pem (owner-only) and <dir>/jwt-public.pem.",
            "Services verify with the public key (mp.jwt.verify.publickey.location)." })
    static final class Keygen extends Base {

        @Option(names = "--out", required = true, paramLabel = "<dir>", description = "directory (created if missing)")
        Path dir;

        @Option(names = "--algorithm", defaultValue = "ES256", paramLabel = "<alg>",
                description = "ES256 (EC P-256) or RS256 (RSA 3072) (default: ${DEFAULT-VALUE})")
        String algorithm;

        @Override
        public Integer call() {
            KeyPair pair;
            try {
                pair = PemKeys.generate(algorithm);
            } catch (IllegalArgumentException e) {
                return fail(e.getMessage());
            }
            Path privateFile = dir.resolve("jwt-private.pem");
            Path publicFile = dir.resolve("jwt-public.pem");
            try {
                Files.createDirectories(dir);
                for (Path file : List.of(privateFile, publicFile)) {
                    if (Files.exists(file)) {
                        return fail(file + " exists; keys are never overwritten (tokens signed with them would die)");
                    }
                }
                writeOwnerOnly(privateFile, PemKeys.privateKeyPem(pair.getPrivate()));
                Files.writeString(publicFile, PemKeys.publicKeyPem(pair.getPublic()), StandardCharsets.US_ASCII,
                        StandardOpenOption.CREATE_NEW);
            } catch (FileAlreadyExistsException e) {
                return fail(e.getFile() + " exists; keys are never overwritten");
            } catch (IOException e) {
                return fail("cannot write the keys to " + dir + ": " + e.getMessage());
            }
            out(privateFile.toString());
            out(publicFile.toString());
            return 0;
        }

        private static void writeOwnerOnly(Path file, String content) throws IOException {
            try {
                Files.createFile(file,
                        PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rw-------")));
            } catch (UnsupportedOperationException e) {
                // Not a POSIX file system (Windows): the directory's ACLs apply.
                Files.createFile(file);
            }
            Files.writeString(file, content, StandardCharsets.US_ASCII, StandardOpenOption.TRUNCATE_EXISTING);
        }
    }

    static final class RoleConverter implements ITypeConverter<Role> {
        @Override
        public Role convert(String value) {
            try {
                return Role.parse(value);
            } catch (IllegalArgumentException e) {
                throw new TypeConversionException(e.getMessage());
            }
        }
    }

    static final class TtlConverter implements ITypeConverter<Duration> {

        private static final Pattern SHORT = Pattern.compile("(\\d{1,9})([smhd])");

        @Override
        public Duration convert(String value) {
            String v = value.trim().toLowerCase(Locale.ROOT);
            Matcher m = SHORT.matcher(v);
            if (m.matches()) {
                long n = Long.parseLong(m.group(1));
                return switch (m.group(2)) {
                    case "s" -> Duration.ofSeconds(n);
                    case "m" -> Duration.ofMinutes(n);
                    case "h" -> Duration.ofHours(n);
                    default -> Duration.ofDays(n);
                };
            }
            try {
                return Duration.parse(value.trim().toUpperCase(Locale.ROOT));
            } catch (DateTimeParseException e) {
                throw new TypeConversionException(
                        "'" + value + "' is not a duration; use e.g. 90s, 30m, 8h, 7d or PT8H");
            }
        }
    }
}
