import type { ResultAction } from '../../../functions/core/messages/notification';
import { deliveryDetail, deliveryTodos, pendingTodo } from '../../../functions/notifier/content/deliveries';

const ROTATE: ResultAction = {
  type: 'ROTATE',
  keyId: 'AKIAOLD',
  reason: 'ROTATION_DUE',
  severity: 'INFO',
  dueAt: '2026-03-01T00:00:00.000Z',
  outcome: 'DONE',
  newKeyId: 'AKIANEW',
  deliveries: [
    { target: 'GitHub acme/app (environment production)', kind: 'github', delivered: true, at: '2026-03-01T06:00:04.000Z' },
    { target: 'SSM /iam-key-rotation/ci-deployer (us-east-1)', kind: 'ssm', delivered: true, at: '2026-03-01T06:00:05.000Z' },
  ],
};

describe('the owner is told where the new key went', () => {
  it('names every target and the time, and that nothing is left to copy', () => {
    expect(deliveryTodos('ci-deployer', ROTATE)).toEqual([
      {
        level: 'info',
        text: "ci-deployer's new key was delivered to GitHub acme/app (environment production) and SSM /iam-key-rotation/ci-deployer (us-east-1) at 06:00 UTC. Nothing is left to copy by hand; switch any other place that uses the old key.",
      },
    ]);
  });

  it('says what failed, with its status, as something to act on', () => {
    const failed: ResultAction = { ...ROTATE, deliveries: [...(ROTATE.deliveries ?? []), { target: 'GitLab acme/app', kind: 'gitlab', delivered: false, at: '2026-03-01T06:00:06.000Z', failure: 'HTTP 401' }] };
    const lines = deliveryTodos('ci-deployer', failed);
    expect(lines.map((line) => line.level)).toEqual(['info', 'critical']);
    expect(lines[1]?.text).toContain('could not be delivered to GitLab acme/app (HTTP 401)');
    expect(lines[1]?.text).toContain('The old key stays active');
    expect(deliveryDetail(failed)).toBe('delivered: GitHub acme/app (environment production), SSM /iam-key-rotation/ci-deployer (us-east-1), GitLab acme/app FAILED (HTTP 401)');
  });

  it('says nothing for a user without targets', () => {
    expect(deliveryTodos('alice', { ...ROTATE, deliveries: undefined })).toEqual([]);
  });

  it('explains a postponement for delivery, naming the target, its status and the last day', () => {
    const postponed: ResultAction = {
      type: 'POSTPONE',
      keyId: 'AKIAOLD',
      reason: 'DELIVERY_PENDING',
      severity: 'CRITICAL',
      dueAt: '2026-03-11T00:00:00.000Z',
      deadline: '2026-03-31T00:00:00.000Z',
      outcome: 'DONE',
      pendingDeliveries: [{ target: 'GitHub acme/app', failure: 'HTTP 503' }],
    };
    const line = pendingTodo('ci-deployer', postponed, (iso) => iso.slice(0, 10));
    expect(line).toEqual({
      level: 'critical',
      by: '2026-03-31T00:00:00.000Z',
      text: "ci-deployer's old access key AKIAOLD was kept on past 2026-03-11: the new key has not reached GitHub acme/app (HTTP 503) yet. It is switched off on 2026-03-31 at the latest, delivered or not. Fix that target, or copy the new key there from its secret.",
    });
    expect(deliveryDetail(postponed)).toBe('new key not yet at: GitHub acme/app (HTTP 503)');
  });
});
