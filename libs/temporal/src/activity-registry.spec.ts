import { Activity, activityNamesOf, collectActivities } from './activity-registry';

class Greetings {
  constructor(private readonly greeting: string) {}

  @Activity()
  async greet(input: { name: string }): Promise<string> {
    return `${this.greeting}, ${input.name}`;
  }

  async helper(): Promise<string> {
    return 'not an activity';
  }
}

class LoudGreetings extends Greetings {
  @Activity()
  async shout(input: { name: string }): Promise<string> {
    return (await this.greet(input)).toUpperCase();
  }
}

class Impostor {
  @Activity()
  async greet(): Promise<string> {
    return 'other';
  }
}

describe('activities collected from providers', () => {
  it('registers exactly the marked methods, bound to their instance, inherited ones included', async () => {
    expect(activityNamesOf(Greetings)).toEqual(['greet']);
    expect(activityNamesOf(LoudGreetings).sort()).toEqual(['greet', 'shout']);
    const activities = collectActivities([new LoudGreetings('Hello')]);
    expect(Object.keys(activities).sort()).toEqual(['greet', 'shout']);
    await expect(activities.shout({ name: 'Ada' })).resolves.toBe('HELLO, ADA');
  });

  it('refuses two providers declaring one name', () => {
    expect(() => collectActivities([new Greetings('Hi'), new Impostor()])).toThrow(
      'Activity greet is declared by Greetings and Impostor',
    );
  });
});
