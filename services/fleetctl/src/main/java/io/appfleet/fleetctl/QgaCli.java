package io.appfleet.fleetctl;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Optional;
import java.util.concurrent.Callable;
import java.util.stream.Collectors;

import io.appfleet.drivers.qga.QgaClient;
import io.appfleet.drivers.qga.QgaCommand;
import io.appfleet.drivers.qga.QgaException;
import io.appfleet.drivers.qga.QgaResult;
import io.appfleet.drivers.qga.UnixSocketTransport;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/**
 * Runs one QEMU guest agent command against a live agent and prints the same JSON as
 * {@code fleetctl parse qga}: the typed result, or {@code {"error":{"class","desc"}}} for a
 * command the guest does not offer (still exit 0: the agent answered).
 */
@Command(name = "qga", description = "Run one QEMU guest agent command on a local agent socket and print JSON.")
final class QgaCli implements Callable<Integer> {

    @Option(names = "--socket", required = true, paramLabel = "<path>", description = "the agent's UNIX socket")
    Path socket;

    @Parameters(index = "0", paramLabel = "<command>", description = "e.g. guest-info, guest-get-cpustats")
    String command;

    @Spec
    CommandSpec spec;

    @Override
    public Integer call() {
        Optional<QgaCommand<?>> known = QgaCommand.byName(command);
        if (known.isEmpty()) {
            return fail("unknown command '" + command + "'; known: "
                    + QgaCommand.ALL.stream().map(QgaCommand::name).collect(Collectors.joining(", ")));
        }
        if (!Files.exists(socket)) {
            return fail("no agent socket at " + socket);
        }
        try (QgaClient client = new QgaClient(new UnixSocketTransport(socket))) {
            QgaResult<?> result = client.execute(known.get());
            Object printed;
            if (result instanceof QgaResult.Ok<?> ok) {
                printed = ok.result();
            } else if (result instanceof QgaResult.Unsupported<?> u) {
                printed = Json.error(u.errorClass(), u.desc());
            } else {
                QgaResult.Failed<?> f = (QgaResult.Failed<?>) result;
                printed = Json.error(f.error().errorClass(), f.error().desc());
            }
            spec.commandLine().getOut().println(Json.write(printed));
            spec.commandLine().getOut().flush();
            return 0;
        } catch (QgaException e) {
            return fail(socket + ": " + e.getMessage());
        } catch (java.io.IOException e) {
            return fail("cannot print the result: " + e.getMessage());
        }
    }

    private int fail(String message) {
        spec.commandLine().getErr().println("fleetctl qga: " + message);
        spec.commandLine().getErr().flush();
        return 1;
    }
}
