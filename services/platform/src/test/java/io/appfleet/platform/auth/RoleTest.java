package io.appfleet.platform.auth;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;

class RoleTest {

    @Test
    void parsesNamesCaseInsensitively() {
        assertThat(Role.parse("viewer")).isEqualTo(Role.VIEWER);
        assertThat(Role.parse(" Operator ")).isEqualTo(Role.OPERATOR);
        assertThat(Role.OPERATOR.id()).isEqualTo("operator");
    }

    @Test
    void unknownOrMissingRolesNameTheAllowedOnes() {
        assertThatThrownBy(() -> Role.parse("admin")).hasMessage("unknown role 'admin'; use one of viewer, operator");
        assertThatThrownBy(() -> Role.parse(" ")).hasMessage("a role is required; use one of viewer, operator");
        assertThatThrownBy(() -> Role.parse(null)).hasMessageContaining("required");
    }
}
