package io.appfleet.drivers.iosxe;

import io.appfleet.drivers.parse.OutputLines.Line;
import io.appfleet.drivers.parse.ParseException;

import java.util.List;

/** {@code show app-hosting resource}. Every line is a block title or one of its values. */
public final class AppHostingResourceParser {

    static final String COMMAND = "show app-hosting resource";

    private AppHostingResourceParser() {
    }

    public static AppHostingResource parse(String output) {
        List<Line> lines = IosxeOutput.content(output, COMMAND);
        ColonBlocks blocks = new ColonBlocks();
        if (!blocks.isTitle(lines.get(0))) {
            throw new ParseException("expected a block title such as 'CPU:'", lines.get(0).number(), lines.get(0).text());
        }
        CpuQuotaReader cpu = new CpuQuotaReader();
        Long vcpus = null;
        Long memQuota = null;
        Long memAvailable = null;
        Long storageTotal = null;
        Long storageAvailable = null;
        for (Line l : lines) {
            ColonBlocks.Value v = blocks.read(l);
            if (v == null) {
                if (!blocks.isTitle(l)) {
                    throw new ParseException("expected 'Key: value'", l.number(), l.text());
                }
                continue;
            }
            String where = v.block() + "/" + v.key();
            switch (where) {
                case "CPU/Quota", "CPU/Available" -> cpu.accept(v);
                case "VCPU/Count" -> vcpus = v.quantity().whole("", l);
                case "Memory/Quota" -> memQuota = v.quantity().whole("MB", l);
                case "Memory/Available" -> memAvailable = v.quantity().whole("MB", l);
                case "Storage space/Total" -> storageTotal = v.quantity().whole("MB", l);
                case "Storage space/Available" -> storageAvailable = v.quantity().whole("MB", l);
                default -> throw new ParseException("unexpected resource field " + where, l.number(), l.text());
            }
        }
        return new AppHostingResource(cpu.build(), new AppHostingResource.Vcpu(vcpus),
                new AppHostingResource.Memory(memQuota, memAvailable),
                new AppHostingResource.Storage(storageTotal, storageAvailable));
    }
}
