package dev.switchboard.adapters.openai.internal;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class ExceptionMapperTest {
    @ParameterizedTest(name = "HTTP {0} type={1} code={2} → retryable {3}")
    @CsvSource(nullValues = "null", value = {
            "429, tokens, rate_limit_exceeded, true",
            "429, null, slow_down, true",
            "429, insufficient_quota, insufficient_quota, false",
            "429, insufficient_quota, null, false",
            "429, requests, credit_balance_exhausted, false",
            "408, null, null, true",
            "409, null, null, true",
            "500, server_error, null, true",
            "503, null, null, true",
            "400, invalid_request_error, invalid_value, false",
            "401, invalid_request_error, invalid_api_key, false",
            "403, null, unsupported_country_region_territory, false",
            "404, invalid_request_error, model_not_found, false",
            "422, null, null, false"})
    void status_type_and_code_decide_whether_a_retry_can_help(int status, String type, String code, boolean retryable) {
        assertThat(ExceptionMapper.isRetryable(status, type, code)).isEqualTo(retryable);
    }
}
