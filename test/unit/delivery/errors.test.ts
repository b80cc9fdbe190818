import { DeliveryNetworkError, httpProblem } from '../../../functions/core/delivery/errors';
import { networkCode } from '../../../functions/core/delivery/http';

describe('delivery failures in plain words', () => {
  it('names a VPC without a route when the connection times out', () => {
    const timeout = Object.assign(new Error('The operation was aborted due to timeout'), { name: 'TimeoutError' });
    const error = new DeliveryNetworkError('GitHub acme/app', 'api.github.com', networkCode(timeout), { cause: timeout });
    expect(error.message).toBe(
      'GitHub acme/app: no route to api.github.com (TIMEOUT): a function in a VPC needs a NAT gateway or a proxy to reach it, ' +
        'since there is no VPC endpoint for GitHub or GitLab; the old key stays active and it is tried again at the next run',
    );
  });

  it.each([
    ['ENETUNREACH', 'no route to'],
    ['UND_ERR_CONNECT_TIMEOUT', 'no route to'],
    ['ENOTFOUND', 'cannot resolve'],
    ['ECONNREFUSED', 'refused or dropped'],
  ])('reads %s from the fetch failure', (code, words) => {
    const failure = Object.assign(new TypeError('fetch failed'), { cause: { code } });
    expect(networkCode(failure)).toBe(code);
    expect(new DeliveryNetworkError('t', 'h', networkCode(failure), { cause: failure }).message).toContain(words);
  });

  it('reads the code of a host with several addresses', () => {
    expect(networkCode(Object.assign(new TypeError('fetch failed'), { cause: { errors: [{ code: 'EHOSTUNREACH' }] } }))).toBe('EHOSTUNREACH');
  });

  it.each([
    [401, 'the token was refused'],
    [403, 'lacks permission'],
    [500, 'failed on its side'],
    [502, 'failed on its side'],
  ])('says what HTTP %s means', (status, words) => {
    expect(httpProblem(status)).toContain(words);
  });
});
