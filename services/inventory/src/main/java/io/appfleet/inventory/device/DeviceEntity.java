package io.appfleet.inventory.device;

import java.time.Instant;
import java.util.HashMap;
import java.util.Map;

import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.Id;
import jakarta.persistence.Table;

import org.hibernate.annotations.JdbcTypeCode;
import org.hibernate.type.SqlTypes;

import io.quarkus.hibernate.orm.panache.PanacheEntityBase;

/** A row of the device table. The generation is kept by {@link DeviceService}, not by Hibernate. */
@Entity
@Table(name = "device")
public class DeviceEntity extends PanacheEntityBase {

    @Id
    public String id;
    public String platform;
    @Column(name = "os_version")
    public String osVersion;
    public String host;
    public int port;
    public String transport;
    @Column(name = "credentials_ref")
    public String credentialsRef;
    @Column(name = "sealed_credentials")
    public byte[] sealedCredentials;
    @JdbcTypeCode(SqlTypes.JSON)
    @Column(columnDefinition = "jsonb")
    public Map<String, String> labels = new HashMap<>();
    public String site;
    @Column(name = "cpu_units")
    public int cpuUnits;
    @Column(name = "memory_mib")
    public int memoryMib;
    @Column(name = "storage_mib")
    public int storageMib;
    @Column(name = "admin_state")
    public String adminState;
    @Column(name = "ssh_host_key_fingerprint")
    public String sshHostKeyFingerprint;
    @Column(name = "created_at")
    public Instant createdAt;
    @Column(name = "updated_at")
    public Instant updatedAt;
    public long generation;
}
